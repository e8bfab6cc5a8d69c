"""Read a repeat rule as a coordinator types it, in English or Chinese.

Grammar (case-insensitive; full-width characters are folded by NFKC first)::

    rule   := head [days | monthday] end*
    head   := daily | 每天 | weekdays | 工作日 | weekly | 每周 | biweekly | 每两周
            | every N weeks | 每N周 | monthly | 每月 | every <day> | <days>
    days   := day ((, | 、 | and | space) day)*     day := mon | monday | 周一 | 一 | mon-fri | 周一至周五
    end    := until <date> | 至/到/截至 <date> | x10 | ×10 | 10次 | 共10次 | 10 times | once
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

from data.recurrence_rule import RepeatError, RepeatRule, build_rule
from data.recurrence_words import (
    COUNTS,
    DATE_TAIL,
    DATES,
    EN_DAY_RX,
    EN_DAYS,
    EN_MONTHDAY,
    EN_ORDINALS,
    FRAGMENT,
    HEADS,
    RANGE,
    SEP,
    UNTIL,
    ZH_DAY_RX,
    ZH_DAYS,
    ZH_MONTHDAY,
    ZH_NEXT_DAY_RX,
    looks_like_weekday,
    month_number,
    number,
)


@dataclass
class _Draft:
    kind: str
    interval: int = 1
    weekdays: list[int] = field(default_factory=list)
    ordinal: int | None = None
    until: date | None = None
    count: int | None = None


class _Scanner:
    """A cursor over the normalised text; every read skips separators first."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0

    def take(self, pattern: re.Pattern[str]) -> re.Match[str] | None:
        sep = SEP.match(self.text, self.pos)
        start = sep.end() if sep else self.pos
        found = pattern.match(self.text, start)
        if found:
            self.pos = found.end()
        return found

    def done(self) -> bool:
        sep = SEP.match(self.text, self.pos)
        return (sep.end() if sep else self.pos) >= len(self.text)

    def error(self) -> RepeatError:
        """The error for whatever could not be read at the cursor."""
        sep = SEP.match(self.text, self.pos)
        found = FRAGMENT.match(self.text, sep.end() if sep else self.pos)
        fragment = found.group() if found else self.text[self.pos :].strip()
        code = "bad_weekday" if looks_like_weekday(fragment) else "unknown_words"
        return RepeatError(code, fragment)


def parse_repeat(text: str, *, start: date) -> RepeatRule:
    """Parse a repeat rule; ``start`` is the date of the first occurrence.

    "weekly" and "monthly" without a day take it from ``start`` ("monthly" on
    2026-12-05 means the first Saturday of each month; a start in the 5th week
    means the last). Raises RepeatError (see its codes).
    """
    scan = _Scanner(unicodedata.normalize("NFKC", text).strip())
    if scan.done():
        raise RepeatError("empty", "")
    draft = _read_head(scan)
    if draft.kind in ("weekly", "every"):
        _read_days(scan, draft)
        if draft.kind == "every" and not draft.weekdays:
            raise scan.error()
    elif draft.kind == "monthly" and draft.ordinal is None:
        _read_monthday(scan, draft)
    while not scan.done():
        if not (_read_until(scan, draft, start) or _read_count(scan, draft)):
            raise scan.error()
    kind = "weekly" if draft.kind == "every" else draft.kind
    return build_rule(
        kind,
        start=start,
        interval=draft.interval,
        weekdays=draft.weekdays,
        ordinal=draft.ordinal,
        until=draft.until,
        count=draft.count,
    )


def _read_head(scan: _Scanner) -> _Draft:
    for pattern, kind in HEADS:
        found = scan.take(pattern)
        if found is None:
            continue
        if kind == "weeks":
            interval = number(found.group(1))
            if interval is None:
                raise RepeatError("unknown_words", found.group(1))
            return _Draft("weekly", interval=interval)
        if kind == "biweekly":
            return _Draft("weekly", interval=2)
        if kind == "monthday":
            return _Draft(
                "monthly",
                ordinal=EN_ORDINALS[found.group(1).lower()],
                weekdays=[_en_day(found.group(2))],
            )
        return _Draft(kind)
    if _peek_day(scan):
        return _Draft("every")  # a bare "fridays" / "周五" means every week
    raise scan.error()


def _read_days(scan: _Scanner, draft: _Draft) -> None:
    while (days := _read_day(scan, first=not draft.weekdays)) is not None:
        before = scan.pos
        if (
            len(days) == 1
            and scan.take(RANGE)
            and (last := _read_day(scan, first=False))
            and len(last) == 1
        ):
            first, end = days[0], last[0]
            # A weekday range may wrap: "fri-mon" is Fri, Sat, Sun, Mon.
            days = tuple((first + step) % 7 for step in range((end - first) % 7 + 1))
        else:
            scan.pos = before
        draft.weekdays.extend(days)


def _peek_day(scan: _Scanner) -> bool:
    pos = scan.pos
    days = _read_day(scan, first=True)
    scan.pos = pos
    return days is not None


def _read_day(scan: _Scanner, *, first: bool) -> tuple[int, ...] | None:
    pos = scan.pos
    found = scan.take(EN_DAY_RX)
    if found and found.group().lower() in EN_DAYS:
        return EN_DAYS[found.group().lower()]
    scan.pos = pos
    found = scan.take(ZH_DAY_RX if first else ZH_NEXT_DAY_RX)
    return ZH_DAYS[found.group(1)] if found else None


def _en_day(word: str) -> int:
    days = EN_DAYS.get(word.lower()) or EN_DAYS.get(word.lower() + "s")
    if not days or len(days) != 1:
        raise RepeatError("bad_weekday", word)
    return days[0]


def _read_monthday(scan: _Scanner, draft: _Draft) -> None:
    """An optional "first saturday" / "第一个周六" after "monthly" / "每月"."""
    if found := scan.take(EN_MONTHDAY):
        draft.ordinal = EN_ORDINALS[found.group(1).lower()]
        draft.weekdays = [_en_day(found.group(2))]
    elif found := scan.take(ZH_MONTHDAY):
        which = found.group(1)
        draft.ordinal = -1 if which == "最后" else number(which[-1])
        draft.weekdays = list(ZH_DAYS[found.group(2)])


def _read_until(scan: _Scanner, draft: _Draft, start: date) -> bool:
    keyword = scan.take(UNTIL)
    if keyword is None:
        return False
    if draft.until is not None or draft.count is not None:
        raise RepeatError(
            "until_and_count" if draft.count else "unknown_words", keyword.group().strip()
        )
    for pattern, order in DATES:
        if found := scan.take(pattern):
            draft.until = _make_date(found, order, start)
            scan.take(DATE_TAIL)
            return True
    rest = scan.text[scan.pos :].split()
    raise RepeatError("bad_until_date", rest[0] if rest else keyword.group().strip())


def _make_date(found: re.Match[str], order: str, start: date) -> date:
    parts = found.groups()
    if order == "ymd":
        year, month, day = (int(p) for p in parts)
    elif order == "md":
        year, (month, day) = start.year, (int(p) for p in parts)
    else:
        day_text, month_text, year_text = (
            parts if order == "dmy" else (parts[1], parts[0], parts[2])
        )
        year, month, day = int(year_text), month_number(month_text) or 0, int(day_text)
    try:
        until = date(year, month, day)
        if order == "md" and until < start:
            until = date(year + 1, month, day)  # "至3月31日" means the next 31 March
    except ValueError:
        raise RepeatError("bad_until_date", found.group().strip()) from None
    return until


def _read_count(scan: _Scanner, draft: _Draft) -> bool:
    for pattern in COUNTS:
        found = scan.take(pattern)
        if found is None:
            continue
        if draft.until is not None:
            raise RepeatError("until_and_count", found.group().strip())
        if draft.count is not None:
            raise RepeatError("unknown_words", found.group().strip())
        word = found.group(1)
        draft.count = 1 if word.lower() == "once" else number(word)
        if draft.count is None:
            raise RepeatError("unknown_words", found.group().strip())
        return True
    return False
