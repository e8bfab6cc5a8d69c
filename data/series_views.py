"""Read models for regular shifts: the /series list, a series card, a volunteer's standing sign-ups."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, col, select

from data.models import Series, Shift, ShiftStatus, Signup, SignupStatus, StandingSignup
from data.recurrence import RepeatRule
from data.series_base import get_series, series_rule
from data.standing import STANDING, future_occurrences, standing_of
from data.volunteers import require_coordinator


@dataclass(frozen=True)
class SeriesView:
    """A series with its rule, next open occurrence, standing count and the viewer's standing."""

    series: Series
    rule: RepeatRule
    next_shift: Shift | None
    standing_count: int
    mine: bool = False


def _view(session: Session, series: Series, now: datetime, viewer_id: int | None) -> SeriesView:
    assert series.id is not None
    upcoming = future_occurrences(session=session, series_id=series.id, now=now)
    count = select(func.count()).where(
        StandingSignup.series_id == series.id, col(StandingSignup.active).is_(True)
    )
    mine = False
    if viewer_id is not None:
        standing = standing_of(session=session, series_id=series.id, volunteer_id=viewer_id)
        mine = standing is not None and standing.active
    return SeriesView(
        series,
        series_rule(series),
        upcoming[0] if upcoming else None,
        int(session.exec(count).one()),
        mine,
    )


def list_series(*, session: Session, actor_id: int, now: datetime) -> list[SeriesView]:
    """Series still running or with occurrences ahead, oldest first (for coordinators)."""
    require_coordinator(session=session, volunteer_id=actor_id)
    ahead = select(Shift.series_id).where(
        Shift.status == ShiftStatus.OPEN, col(Shift.starts_at) > now
    )
    query = (
        select(Series)
        .where(col(Series.ended).is_(False) | col(Series.id).in_(ahead))
        .order_by(col(Series.id))
    )
    return [_view(session, s, now, None) for s in session.exec(query)]


def series_view(
    *, session: Session, series_id: int, now: datetime, viewer_id: int | None = None
) -> SeriesView:
    return _view(session, get_series(session=session, series_id=series_id), now, viewer_id)


def upcoming(*, session: Session, series_id: int, now: datetime, limit: int = 5) -> list[Shift]:
    """The next open occurrences of a series, soonest first."""
    return future_occurrences(session=session, series_id=series_id, now=now)[:limit]


def my_standing(*, session: Session, volunteer_id: int, now: datetime) -> list[SeriesView]:
    """The volunteer's active standing sign-ups, each with the series' next occurrence."""
    query = (
        select(Series)
        .join(StandingSignup, col(StandingSignup.series_id) == col(Series.id))
        .where(StandingSignup.volunteer_id == volunteer_id, col(StandingSignup.active).is_(True))
        .order_by(col(StandingSignup.created_at))
    )
    return [_view(session, s, now, volunteer_id) for s in session.exec(query)]


def standing_seats(*, session: Session, volunteer_id: int, now: datetime) -> list[Shift]:
    """Upcoming occurrences the volunteer holds a place on through a standing sign-up."""
    query = (
        select(Shift)
        .join(Signup, col(Signup.shift_id) == col(Shift.id))
        .where(
            Signup.volunteer_id == volunteer_id,
            Signup.origin == STANDING,
            col(Signup.status).in_([SignupStatus.CONFIRMED, SignupStatus.WAITLISTED]),
            Shift.status == ShiftStatus.OPEN,
            col(Shift.starts_at) > now,
        )
        .order_by(col(Shift.starts_at))
    )
    return list(session.exec(query))
