"""Read models for what people look at: the shift list, a shift card, "my shifts", a roster."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import case, func
from sqlmodel import Session, col, select

from data.models import Shift, ShiftStatus, Signup, SignupStatus, Volunteer
from data.shifts import get_shift
from data.signups import waitlist_position
from data.volunteers import require_coordinator


@dataclass(frozen=True)
class ShiftView:
    """A shift as one viewer sees it: seats taken, waitlist length, the viewer's own place."""

    shift: Shift
    confirmed: int
    waitlisted: int
    my_status: SignupStatus | None = None
    my_position: int | None = None

    @property
    def full(self) -> bool:
        return self.confirmed >= self.shift.capacity


@dataclass(frozen=True)
class Page:
    items: list[ShiftView]
    offset: int
    total: int


def _counts(session: Session, shift_ids: list[int]) -> dict[int, tuple[int, int]]:
    confirmed = func.sum(case((col(Signup.status) == SignupStatus.CONFIRMED, 1), else_=0))
    waiting = func.sum(case((col(Signup.status) == SignupStatus.WAITLISTED, 1), else_=0))
    query = (
        select(Signup.shift_id, confirmed, waiting)
        .where(col(Signup.shift_id).in_(shift_ids))
        .group_by(col(Signup.shift_id))
    )
    return {row[0]: (int(row[1] or 0), int(row[2] or 0)) for row in session.exec(query)}


def _views(session: Session, shifts: list[Shift], viewer_id: int | None) -> list[ShiftView]:
    ids = [s.id for s in shifts if s.id is not None]
    counts = _counts(session, ids) if ids else {}
    mine: dict[int, Signup] = {}
    if viewer_id is not None and ids:
        query = select(Signup).where(
            Signup.volunteer_id == viewer_id, col(Signup.shift_id).in_(ids)
        )
        mine = {s.shift_id: s for s in session.exec(query) if s.status != SignupStatus.CANCELLED}
    views = []
    for shift in shifts:
        assert shift.id is not None
        confirmed, waiting = counts.get(shift.id, (0, 0))
        own = mine.get(shift.id)
        position = (
            waitlist_position(session=session, signup=own)
            if own is not None and own.status == SignupStatus.WAITLISTED
            else None
        )
        views.append(ShiftView(shift, confirmed, waiting, own.status if own else None, position))
    return views


def upcoming_shifts(
    *, session: Session, now: datetime, viewer_id: int | None, offset: int = 0, limit: int = 5
) -> Page:
    """Open shifts that have not started, soonest first, one page at a time."""
    where = (col(Shift.status) == ShiftStatus.OPEN, col(Shift.starts_at) > now)
    total = int(session.exec(select(func.count()).select_from(Shift).where(*where)).one())
    offset = max(0, min(offset, max(total - 1, 0) // limit * limit))
    query = (
        select(Shift)
        .where(*where)
        .order_by(col(Shift.starts_at), col(Shift.id))
        .offset(offset)
        .limit(limit)
    )
    return Page(_views(session, list(session.exec(query)), viewer_id), offset, total)


def shift_view(*, session: Session, shift_id: int, viewer_id: int | None) -> ShiftView:
    return _views(session, [get_shift(session=session, shift_id=shift_id)], viewer_id)[0]


def my_shifts(*, session: Session, volunteer_id: int, now: datetime) -> list[ShiftView]:
    """The volunteer's upcoming seats and waitlist places, soonest first."""
    query = (
        select(Shift)
        .join(Signup, col(Signup.shift_id) == col(Shift.id))
        .where(
            Signup.volunteer_id == volunteer_id,
            col(Signup.status).in_([SignupStatus.CONFIRMED, SignupStatus.WAITLISTED]),
            Shift.status == ShiftStatus.OPEN,
            col(Shift.ends_at) > now,
        )
        .order_by(col(Shift.starts_at))
    )
    return _views(session, list(session.exec(query)), volunteer_id)


@dataclass(frozen=True)
class RosterLine:
    volunteer: Volunteer
    status: SignupStatus
    position: int | None


@dataclass(frozen=True)
class Roster:
    view: ShiftView
    lines: list[RosterLine]


def roster(*, session: Session, actor_id: int, shift_id: int) -> Roster:
    """Who is confirmed and who waits, in order (名单); for coordinators only."""
    require_coordinator(session=session, volunteer_id=actor_id)
    view = shift_view(session=session, shift_id=shift_id, viewer_id=None)
    query = (
        select(Signup, Volunteer)
        .join(Volunteer, col(Volunteer.id) == col(Signup.volunteer_id))
        .where(
            Signup.shift_id == shift_id,
            col(Signup.status).in_([SignupStatus.CONFIRMED, SignupStatus.WAITLISTED]),
        )
    )
    rows = sorted(
        session.exec(query).all(),
        key=lambda r: (
            r[0].status != SignupStatus.CONFIRMED,
            r[0].waitlist_seq or 0,
            r[0].updated_at,
        ),
    )
    lines, position = [], 0
    for signup, volunteer in rows:
        waiting = signup.status == SignupStatus.WAITLISTED
        position += waiting
        lines.append(RosterLine(volunteer, signup.status, position if waiting else None))
    return Roster(view, lines)
