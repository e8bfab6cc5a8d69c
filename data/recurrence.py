"""Recurrence engine for regular shifts (常态化岗位): parse, expand, describe.

Occurrences are computed by dateutil's rrule in LOCAL wall time, so a 09:00 series
stays at 09:00 when the zone's UTC offset changes, and only then turned into UTC:

- a local time that does not exist (the spring-forward gap, e.g. 02:30 on the
  night clocks go 02:00 -> 03:00) is read with fold=0, as zoneinfo does: it takes
  the offset from before the change, so the shift starts that much later in wall
  time (02:30 -> 03:30 local). It is kept, not dropped.
- a local time that happens twice (fall-back) takes fold=0, the first of the two;
  the fold of ``first_start_local`` is ignored, the first occurrence included.
- a weekday or monthly rule whose days do not include the series start date
  starts at the first matching date after it (dateutil does not emit DTSTART
  itself unless it matches).
- COUNT counts occurrences from the series start, not from the window.
- skip dates (holidays, local dates or inclusive (first, last) ranges) remove
  occurrences but still use up their COUNT slot: skipping a holiday does not
  make a 10-time series run an 11th week.

Pure functions: no clock, no database; callers pass every instant.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from dateutil.rrule import rrule, rrulestr

from data.localtime import from_wall, wall_time
from data.recurrence_describe import Pattern, RuleDescription, describe
from data.recurrence_parse import parse_repeat
from data.recurrence_rule import (
    MAX_COUNT,
    RepeatError,
    RepeatRule,
    build_rule,
    rule_from_rrule,
)

__all__ = [
    "MAX_COUNT",
    "Pattern",
    "RepeatError",
    "RepeatRule",
    "RuleDescription",
    "build_rule",
    "describe",
    "expand",
    "next_dates",
    "parse_repeat",
    "rule_from_rrule",
]

SkipDates = Iterable[date | tuple[date, date]]

# Window bounds are widened by this much in local time before asking rrule, then
# the exact UTC bounds are applied: UTC offsets differ from local by < 1 day.
_MARGIN = timedelta(days=2)


def expand(
    rule: RepeatRule | str,
    *,
    first_start_local: datetime,
    tz: ZoneInfo,
    window_start_utc: datetime,
    window_end_utc: datetime,
    skip_dates: SkipDates = (),
) -> list[datetime]:
    """Aware-UTC starts of the occurrences whose start is in [window_start, window_end).

    ``first_start_local`` is the series' first start as naive local wall time in ``tz``;
    ``rule`` is a RepeatRule or RRULE text this package wrote. Sorted, no duplicates.
    """
    _check_aware(window_start_utc, window_end_utc)
    if window_end_utc <= window_start_utc:
        return []
    skip = _SkipSet(skip_dates)
    found: set[datetime] = set()
    low = wall_time(window_start_utc, tz) - _MARGIN
    high = wall_time(window_end_utc, tz) + _MARGIN
    for local in _recurrence(rule, first_start_local).between(low, high, inc=True):
        start = from_wall(local, tz)
        if local.date() not in skip and window_start_utc <= start < window_end_utc:
            found.add(start)
    return sorted(found)


def next_dates(
    rule: RepeatRule | str,
    *,
    first_start_local: datetime,
    tz: ZoneInfo,
    after_utc: datetime,
    n: int,
    skip_dates: SkipDates = (),
) -> list[datetime]:
    """The next ``n`` (or fewer, if the series ends) aware-UTC starts strictly after ``after_utc``."""
    _check_aware(after_utc)
    skip = _SkipSet(skip_dates)
    found: list[datetime] = []
    candidates = _recurrence(rule, first_start_local).xafter(wall_time(after_utc, tz) - _MARGIN)
    for local in candidates:
        if len(found) >= n:
            break
        start = from_wall(local, tz)
        if local.date() not in skip and start > after_utc:
            found.append(start)
    return found


def _recurrence(rule: RepeatRule | str, first_start_local: datetime) -> rrule:
    if first_start_local.tzinfo is not None:
        raise ValueError("first_start_local must be naive local wall time")
    text = rule.rrule if isinstance(rule, RepeatRule) else rule_from_rrule(rule).rrule
    # Naive DTSTART and floating UNTIL: the whole rule runs in local wall time.
    parsed = rrulestr(text, dtstart=first_start_local.replace(microsecond=0), ignoretz=True)
    if not isinstance(parsed, rrule):
        raise ValueError(f"expected a single RRULE: {text!r}")
    return parsed


def _check_aware(*instants: datetime) -> None:
    if any(i.tzinfo is None or i.utcoffset() is None for i in instants):
        raise ValueError("window instants must be timezone-aware")


class _SkipSet:
    """Local dates to leave out: single dates and inclusive (first, last) ranges."""

    def __init__(self, items: SkipDates) -> None:
        self._dates: set[date] = set()
        self._ranges: list[tuple[date, date]] = []
        for item in items:
            if isinstance(item, tuple):
                self._ranges.append(item)
            else:
                self._dates.add(item)

    def __contains__(self, day: date) -> bool:
        return day in self._dates or any(first <= day <= last for first, last in self._ranges)
