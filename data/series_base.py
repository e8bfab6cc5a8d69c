"""What every series module shares: outbox kinds, errors, reads, the rule and its dates."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlmodel import Session, select

from data.errors import DomainError, NotFound
from data.localtime import zone_of
from data.models import Series, SeriesSkip
from data.recurrence import RepeatRule, rule_from_rrule
from data.series_plan import SeriesPlan

# Messages a series owes people (outbox kinds), besides the core's per-shift ones.
SERIES_CHANGED = "series_changed"
SERIES_CANCELLED = "series_cancelled"
SERIES_SKIPPED = "series_skipped"
STANDING_WAITLISTED = "standing_waitlisted"
STANDING_CLASH = "standing_clash"


class NotInSeries(DomainError):
    """The shift is a one-off, so series-wide changes do not apply."""

    code = "not_in_series"


class SeriesEnded(DomainError):
    code = "series_ended"


class AlreadyStanding(DomainError):
    """The volunteer already has a standing sign-up (长期报名) for this series."""

    code = "already_standing"


class NotStanding(DomainError):
    code = "not_standing"


def get_series(*, session: Session, series_id: int) -> Series:
    series = session.get(Series, series_id)
    if series is None:
        raise NotFound(what="series", ref=series_id)
    return series


def lock_series(*, session: Session, series_id: int) -> Series:
    """Read a series for update (a row lock on PostgreSQL; SQLite's IMMEDIATE write lock already)."""
    query = select(Series).where(Series.id == series_id).with_for_update()
    series = session.exec(query.execution_options(populate_existing=True)).first()
    if series is None:
        raise NotFound(what="series", ref=series_id)
    return series


def series_rule(series: Series) -> RepeatRule:
    return rule_from_rrule(series.rrule)


def series_zone(series: Series) -> ZoneInfo:
    return zone_of(series.tz)


def skip_ranges(*, session: Session, series_id: int) -> list[tuple[date, date]]:
    """The series' holiday ranges (inclusive local dates)."""
    query = select(SeriesSkip).where(SeriesSkip.series_id == series_id)
    return [(s.first_day, s.last_day) for s in session.exec(query)]


def last_date(series: Series) -> date | None:
    """The local date of the series' last occurrence by its rule, or None if it never ends."""
    return SeriesPlan.of(series).last_date()


def occurrence_starts(
    series: Series, *, window_start: datetime, window_end: datetime, skips: list[tuple[date, date]]
) -> list[datetime]:
    """UTC starts the rule gives in [window_start, window_end), holidays left out."""
    return SeriesPlan.of(series, skips).starts_between(window_start, window_end)
