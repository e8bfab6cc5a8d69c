"""The repeat rule of a regular shift (常态化岗位): value type, errors, RRULE text.

A rule is stored as RFC 5545 RRULE text without DTSTART; the series supplies the
first start (local wall time) and its IANA time zone when the rule is expanded.

UNTIL is written as a *floating* local date-time, ``UNTIL=20270331T235959``: RFC 5545
requires UNTIL to have the same form as DTSTART, and our DTSTART is local wall time.
It means "the last occurrence is on or before 31 Mar 2027, local date". Text with a
``Z`` (``UNTIL=20270331T235959Z``) is still read, and its date is taken as that local date.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

MAX_COUNT = 500
MAX_INTERVAL = 52  # weeks; "every 53 weeks" is a yearly shift, not a regular one

BYDAY = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
WORKWEEK = (0, 1, 2, 3, 4)
ORDINALS = (1, 2, 3, 4, -1)
_WEEK_KINDS = ("weekly", "weekly_days", "biweekly", "every_n_weeks")


class RepeatError(ValueError):
    """A repeat rule the user typed cannot be used.

    ``code`` is a machine code the bot maps to a translated message: "empty",
    "unknown_words", "bad_weekday", "bad_interval", "bad_until_date",
    "until_before_start", "until_and_count", "count_zero", "count_too_large".
    ``detail`` is the offending fragment, to quote back to the user.
    """

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail


@dataclass(frozen=True)
class RepeatRule:
    """A parsed repeat rule; ``rrule`` is the source of truth, the rest describes it.

    kind: "daily" | "weekdays" | "weekly" | "weekly_days" | "biweekly" | "every_n_weeks"
    | "monthly" — always the canonical kind of ``rrule`` (Mon–Fri weekly is "weekdays").
    weekdays: 0=Mon..6=Sun; the days of a weekly kind, the one weekday of "monthly".
    ordinal: for "monthly", 1..4 or -1 (last), e.g. 1 with (5,) = first Saturday.
    until: last local date an occurrence may fall on; count: occurrences from the
    series start. At most one of them is set.
    """

    rrule: str
    kind: str
    interval: int
    weekdays: tuple[int, ...]
    ordinal: int | None
    until: date | None
    count: int | None


def monthly_ordinal(start: date) -> int:
    """Which of its weekday in the month ``start`` is: 1..4, or -1 for a 5th (the last)."""
    nth = (start.day - 1) // 7 + 1
    return -1 if nth == 5 else nth


def build_rule(
    kind: str,
    *,
    start: date,
    interval: int = 1,
    weekdays: Iterable[int] = (),
    ordinal: int | None = None,
    until: date | None = None,
    count: int | None = None,
) -> RepeatRule:
    """Build a validated rule; missing weekdays and ordinal are taken from ``start``.

    ``kind`` may be any of RepeatRule's kinds; "biweekly" forces interval 2.
    Raises RepeatError for a bad interval, until or count.
    """
    days = tuple(sorted(set(weekdays)))
    if any(d not in range(7) for d in days):
        raise RepeatError("bad_weekday", ",".join(str(d) for d in days))
    _check_end(start=start, until=until, count=count)
    if kind == "daily":
        return make_rule(interval=1, weekdays=(), ordinal=None, until=until, count=count)
    if kind == "weekdays":
        return make_rule(interval=1, weekdays=WORKWEEK, ordinal=None, until=until, count=count)
    if kind == "monthly":
        if ordinal is not None and ordinal not in ORDINALS:
            raise RepeatError("unknown_words", str(ordinal))
        return make_rule(
            interval=1,
            weekdays=days[:1] or (start.weekday(),),
            ordinal=monthly_ordinal(start) if ordinal is None else ordinal,
            until=until,
            count=count,
        )
    if kind not in _WEEK_KINDS:
        raise ValueError(f"unknown repeat kind {kind!r}")
    weeks = 2 if kind == "biweekly" else interval
    if not 1 <= weeks <= MAX_INTERVAL:
        raise RepeatError("bad_interval", str(weeks))
    days = days or (start.weekday(),)
    return make_rule(interval=weeks, weekdays=days, ordinal=None, until=until, count=count)


def _check_end(*, start: date, until: date | None, count: int | None) -> None:
    if until is not None and count is not None:
        raise RepeatError("until_and_count", "")
    if until is not None and until < start:
        raise RepeatError("until_before_start", until.isoformat())
    if count is not None and count <= 0:
        raise RepeatError("count_zero", str(count))
    if count is not None and count > MAX_COUNT:
        raise RepeatError("count_too_large", str(count))


def make_rule(
    *,
    interval: int,
    weekdays: tuple[int, ...],
    ordinal: int | None,
    until: date | None,
    count: int | None,
) -> RepeatRule:
    """Canonical rule from its parts; an ordinal means monthly (interval is then 1).

    No validation against a start date: use build_rule for user input.
    """
    if ordinal is not None:
        kind, freq, byday = "monthly", "MONTHLY", [f"{ordinal}{BYDAY[weekdays[0]]}"]
        interval = 1
    elif not weekdays or (interval == 1 and len(weekdays) == 7):
        kind, freq, byday, weekdays = "daily", "DAILY", [], ()
    else:
        kind, freq, byday = _week_kind(interval, weekdays), "WEEKLY", [BYDAY[d] for d in weekdays]
    parts = [f"FREQ={freq}"]
    if interval != 1:
        # WKST decides which weeks an "every 2 weeks" series uses; RFC's default is MO,
        # dateutil's is calendar.firstweekday(), so say it.
        parts += [f"INTERVAL={interval}", "WKST=MO"]
    if byday:
        parts.append("BYDAY=" + ",".join(byday))
    if until is not None:
        parts.append(f"UNTIL={until:%Y%m%d}T235959")
    if count is not None:
        parts.append(f"COUNT={count}")
    return RepeatRule(";".join(parts), kind, interval, weekdays, ordinal, until, count)


def _week_kind(interval: int, weekdays: tuple[int, ...]) -> str:
    if interval == 2:
        return "biweekly"
    if interval > 2:
        return "every_n_weeks"
    if weekdays == WORKWEEK:
        return "weekdays"
    return "weekly" if len(weekdays) == 1 else "weekly_days"


def rule_from_rrule(text: str) -> RepeatRule:
    """Read RRULE text this module wrote (an optional "RRULE:" prefix is allowed).

    Raises ValueError for rules outside our grammar (e.g. BYMONTHDAY, HOURLY).
    """
    body = text.strip().removeprefix("RRULE:").removeprefix("rrule:")
    try:
        parts = dict(pair.split("=", 1) for pair in body.upper().split(";") if pair)
    except ValueError as exc:
        raise ValueError(f"not an RRULE: {text!r}") from exc
    freq = parts.pop("FREQ", "")
    interval = int(parts.pop("INTERVAL", "1"))
    if parts.pop("WKST", "MO") != "MO":
        raise ValueError(f"only WKST=MO is supported: {text!r}")
    until = _read_until(parts.pop("UNTIL")) if "UNTIL" in parts else None
    count = int(parts.pop("COUNT")) if "COUNT" in parts else None
    byday = [d for d in parts.pop("BYDAY", "").split(",") if d]
    if until is not None and count is not None:
        raise ValueError(f"RFC 5545 forbids both UNTIL and COUNT: {text!r}")
    if parts or freq not in ("DAILY", "WEEKLY", "MONTHLY"):
        raise ValueError(f"unsupported RRULE: {text!r}")
    if freq == "MONTHLY":
        if len(byday) != 1 or byday[0][-2:] not in BYDAY or interval != 1:
            raise ValueError(f"unsupported monthly RRULE: {text!r}")
        ordinal = int(byday[0][:-2] or "0")
        if ordinal not in ORDINALS:
            raise ValueError(f"unsupported monthly RRULE: {text!r}")
        weekday = BYDAY.index(byday[0][-2:])
        return make_rule(interval=1, weekdays=(weekday,), ordinal=ordinal, until=until, count=count)
    if any(d not in BYDAY for d in byday) or (freq == "DAILY" and (byday or interval != 1)):
        raise ValueError(f"unsupported RRULE: {text!r}")
    days = tuple(sorted({BYDAY.index(d) for d in byday}))
    if freq == "WEEKLY" and not days:
        raise ValueError(f"weekly RRULE without BYDAY: {text!r}")
    return make_rule(interval=interval, weekdays=days, ordinal=None, until=until, count=count)


def _read_until(value: str) -> date:
    # Only the date matters: see the module docstring.
    return datetime.strptime(value[:8], "%Y%m%d").date()
