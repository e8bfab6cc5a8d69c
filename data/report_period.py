"""Report periods: local dates from one day to another, and the months and years people ask for."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from data.localtime import local_date


@dataclass(frozen=True)
class Period:
    """Local dates ``first`` to ``last``, both included."""

    first: date
    last: date

    def contains(self, day: date) -> bool:
        return self.first <= day <= self.last

    @property
    def label(self) -> str:
        """``2026-12`` for a calendar month, ``2026`` for a year, else ``2026-12-01_2026-12-15``."""
        if self == month_of(self.first):
            return f"{self.first:%Y-%m}"
        if self == year_of(self.first):
            return f"{self.first:%Y}"
        return f"{self.first.isoformat()}_{self.last.isoformat()}"


def month_of(day: date) -> Period:
    first = day.replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return Period(first, following - timedelta(days=1))


def year_of(day: date) -> Period:
    return Period(date(day.year, 1, 1), date(day.year, 12, 31))


def this_month(now: datetime, zone: str) -> Period:
    return month_of(local_date(now, zone))


def last_month(now: datetime, zone: str) -> Period:
    return month_of(this_month(now, zone).first - timedelta(days=1))


def this_year(now: datetime, zone: str) -> Period:
    return year_of(local_date(now, zone))
