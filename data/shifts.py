"""One-off shifts: posting, validating, reading. Editing and cancelling live in shift_changes.py."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from data.errors import InvalidInput, NotFound, ShiftCancelled
from data.models import Shift, ShiftStatus
from data.volunteers import require_coordinator

MAX_TEXT = 200
MAX_CAPACITY = 1000
# A one-liner sent again within this long is more likely a resend than a second shift.
TWIN_WINDOW = timedelta(minutes=10)


@dataclass(frozen=True)
class ShiftDraft:
    """What a coordinator typed, parsed into instants (aware UTC) and a zone name."""

    title: str
    location: str
    starts_at: datetime
    ends_at: datetime
    capacity: int
    tz: str


def validate_text(field: str, value: str) -> str:
    """A title or location: 1–200 characters once white space is folded."""
    value = " ".join(value.split())
    if not value:
        raise InvalidInput(field=field, reason="empty")
    if len(value) > MAX_TEXT:
        raise InvalidInput(field=field, reason="too_long", limit=MAX_TEXT, length=len(value))
    return value


def validate_capacity(capacity: int) -> int:
    if capacity < 1 or capacity > MAX_CAPACITY:
        raise InvalidInput(field="capacity", reason="range", low=1, high=MAX_CAPACITY)
    return capacity


def validate_times(starts_at: datetime, ends_at: datetime, now: datetime) -> None:
    if starts_at <= now:
        raise InvalidInput(field="start", reason="past")
    if ends_at <= starts_at:
        raise InvalidInput(field="end", reason="before_start")


def validate_draft(draft: ShiftDraft, now: datetime) -> ShiftDraft:
    """Check every field; raises :class:`InvalidInput` naming the first that is wrong."""
    title = validate_text("title", draft.title)
    location = validate_text("location", draft.location)
    validate_times(draft.starts_at, draft.ends_at, now)
    validate_capacity(draft.capacity)
    return ShiftDraft(title, location, draft.starts_at, draft.ends_at, draft.capacity, draft.tz)


def create_shift(*, session: Session, actor_id: int, draft: ShiftDraft, now: datetime) -> Shift:
    """Post a one-off shift (发布岗位); only coordinators and admins may."""
    actor = require_coordinator(session=session, volunteer_id=actor_id)
    draft = validate_draft(draft, now)
    shift = Shift(
        title=draft.title,
        location=draft.location,
        starts_at=draft.starts_at,
        ends_at=draft.ends_at,
        tz=draft.tz,
        capacity=draft.capacity,
        team_id=actor.team_id,
        created_by=actor.id,
        created_at=now,
    )
    session.add(shift)
    session.flush()
    return shift


def get_shift(*, session: Session, shift_id: int) -> Shift:
    shift = session.get(Shift, shift_id)
    if shift is None:
        raise NotFound(what="shift", ref=shift_id)
    return shift


def get_open_shift(*, session: Session, shift_id: int) -> Shift:
    shift = get_shift(session=session, shift_id=shift_id)
    if shift.status == ShiftStatus.CANCELLED:
        raise ShiftCancelled(shift=shift)
    return shift


def lock_shift(*, session: Session, shift_id: int) -> Shift:
    """Read a shift for update: on PostgreSQL a row lock; SQLite's IMMEDIATE transaction is one already."""
    shift = session.get(Shift, shift_id, with_for_update=True)
    if shift is None:
        raise NotFound(what="shift", ref=shift_id)
    return shift


def recent_locations(*, session: Session, coordinator_id: int, limit: int = 4) -> list[str]:
    """Where a coordinator posted lately, newest first, each place once (offered as buttons)."""
    query = (
        select(Shift.location)
        .where(Shift.created_by == coordinator_id)
        .order_by(col(Shift.created_at).desc(), col(Shift.id).desc())
        .limit(50)
    )
    places: list[str] = []
    for place in session.exec(query):
        if place not in places:
            places.append(place)
    return places[:limit]


def recent_twin(
    *, session: Session, actor_id: int, draft: ShiftDraft, now: datetime
) -> Shift | None:
    """A shift this coordinator posted in the last minutes that ``draft`` repeats exactly
    (title, place, start, end, capacity), so posting it again is asked first."""
    draft = validate_draft(draft, now)
    query = (
        select(Shift)
        .where(
            Shift.created_by == actor_id,
            Shift.status != ShiftStatus.CANCELLED,
            Shift.title == draft.title,
            Shift.location == draft.location,
            Shift.starts_at == draft.starts_at,
            Shift.ends_at == draft.ends_at,
            Shift.capacity == draft.capacity,
            col(Shift.created_at) >= now - TWIN_WINDOW,
        )
        .order_by(col(Shift.created_at).desc())
    )
    return session.exec(query).first()
