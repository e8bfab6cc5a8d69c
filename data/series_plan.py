"""What a series posts: a repeat rule anchored at a first start, in a zone, less its holidays.

One place for the date maths, so the /newshift preview, ``create_series`` and the roll forward
(:func:`data.materialise.materialise`) can never disagree about which dates a series has.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from data.localtime import day_end, from_wall, wall_time, zone_of
from data.models import Series
from data.policy import Policy
from data.recurrence import RepeatRule, expand, next_dates, rule_from_rrule

Skips = tuple[tuple[date, date], ...]


@dataclass(frozen=True)
class SeriesPlan:
    """A rule, the first start as naive local wall time in ``tz``, and inclusive holiday ranges."""

    rule: RepeatRule
    first_start_local: datetime
    tz: str
    skips: Skips = ()

    @classmethod
    def starting(cls, rule: RepeatRule, starts_at: datetime, tz: str) -> SeriesPlan:
        """The plan of a series not yet posted whose first start is at or after ``starts_at``."""
        return cls(rule, wall_time(starts_at, tz), tz)

    @classmethod
    def of(cls, series: Series, skips: Iterable[tuple[date, date]] = ()) -> SeriesPlan:
        """The plan of a stored series and its holidays."""
        return cls(rule_from_rrule(series.rrule), series.first_start_local, series.tz, tuple(skips))

    def by_rule(self) -> SeriesPlan:
        """The same plan with no holidays: where the rule alone ends."""
        return SeriesPlan(self.rule, self.first_start_local, self.tz)

    def starts_between(self, start: datetime, end: datetime) -> list[datetime]:
        """UTC starts in [start, end), holidays left out."""
        return expand(
            self.rule,
            first_start_local=self.first_start_local,
            tz=zone_of(self.tz),
            window_start_utc=start,
            window_end_utc=end,
            skip_dates=self.skips,
        )

    def next_starts(self, after: datetime, n: int) -> list[datetime]:
        """The next ``n`` (or fewer) UTC starts strictly after ``after``, holidays left out."""
        return next_dates(
            self.rule,
            first_start_local=self.first_start_local,
            tz=zone_of(self.tz),
            after_utc=after,
            n=n,
            skip_dates=self.skips,
        )

    def horizon_end(self, until: datetime) -> datetime:
        """Where a roll forward to ``until`` stops: the end of that local day, so whole days are
        covered and an edit of the time of day never makes a second occurrence on a day done."""
        return day_end(until, self.tz)

    def posted_at(self, now: datetime, policy: Policy) -> list[datetime]:
        """The starts posting this series at ``now`` creates: those within the horizon."""
        return self.starts_between(now, self.horizon_end(now + policy.horizon))

    def last_date(self) -> date | None:
        """The local date of the last occurrence by the rule (holidays aside), None if endless."""
        if self.rule.until is not None:
            return self.rule.until
        if self.rule.count is None:
            return None
        before = from_wall(self.first_start_local, self.tz) - timedelta(seconds=1)
        starts = self.by_rule().next_starts(before, self.rule.count)
        return wall_time(starts[-1], self.tz).date() if starts else self.first_start_local.date()
