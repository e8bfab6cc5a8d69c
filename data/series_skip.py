"""Holiday dates for a series (``/skip 3 2027-02-10..2027-02-17``): no occurrence falls there."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlmodel import Session

from data.errors import InvalidInput
from data.localtime import day_start, local_date
from data.models import Series, SeriesSkip, Shift
from data.series_base import (
    SERIES_SKIPPED,
    last_date,
    lock_series,
    occurrence_starts,
)
from data.series_notices import cancel_quietly, tell_once
from data.standing import future_occurrences
from data.volunteers import require_coordinator

MAX_SKIP_DAYS = 366


@dataclass(frozen=True)
class SkipResult:
    """The stored range, the occurrences it cancelled, and who was told (once each)."""

    series: Series
    skip: SeriesSkip
    cancelled: tuple[Shift, ...]
    notified_ids: tuple[int, ...]


def skip_dates(
    *,
    session: Session,
    actor_id: int,
    series_id: int,
    first_day: date,
    last_day: date,
    now: datetime,
) -> SkipResult:
    """Leave out every occurrence on local dates ``first_day``..``last_day`` (inclusive).

    Occurrences not yet created never will be; open ones already created are cancelled and their
    volunteers told once. Refused: a reversed range, one in the past, one outside the series'
    dates, one longer than a year, one on which the series has no occurrence anyway.
    """
    require_coordinator(session=session, volunteer_id=actor_id)
    series = lock_series(session=session, series_id=series_id)
    check_range(series, first_day, last_day, now)
    assert series.id is not None
    skip = SeriesSkip(series_id=series.id, first_day=first_day, last_day=last_day)
    session.add(skip)
    hit = [
        shift
        for shift in future_occurrences(session=session, series_id=series.id, now=now)
        if shift.occurrence_key is not None
        and first_day <= local_date(shift.occurrence_key, series.tz) <= last_day
    ]
    series.version += 1
    session.add(series)
    details = {"first": first_day.isoformat(), "last": last_day.isoformat()}
    told = tell_once(session, series, hit, SERIES_SKIPPED, now, details) if hit else []
    cancel_quietly(session=session, shifts=hit, reason=None)
    session.flush()
    return SkipResult(series, skip, tuple(hit), tuple(told))


def check_range(series: Series, first_day: date, last_day: date, now: datetime) -> None:
    """Raise :class:`InvalidInput` (field "skip") naming what is wrong with the range."""
    params = {"first": first_day.isoformat(), "last": last_day.isoformat()}
    if first_day > last_day:
        raise InvalidInput(field="skip", reason="reversed", **params)
    if (last_day - first_day).days >= MAX_SKIP_DAYS:
        raise InvalidInput(field="skip", reason="too_long", limit=MAX_SKIP_DAYS, **params)
    if last_day < local_date(now, series.tz):
        raise InvalidInput(field="skip", reason="past", **params)
    start, end = series.first_start_local.date(), last_date(series)
    if last_day < start or (end is not None and first_day > end):
        span = {"start": start.isoformat(), "end": end.isoformat() if end else ""}
        raise InvalidInput(field="skip", reason="outside", **params, **span)
    if not _has_occurrence(series, first_day, last_day):
        raise InvalidInput(field="skip", reason="no_occurrence", **params)


def _has_occurrence(series: Series, first_day: date, last_day: date) -> bool:
    tz = series.tz
    window = (day_start(first_day, tz), day_start(last_day + timedelta(days=1), tz))
    return bool(occurrence_starts(series, window_start=window[0], window_end=window[1], skips=[]))
