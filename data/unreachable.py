"""A volunteer who blocked the bot: no more messages to them, and their coordinators are told."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlmodel import Session, col

from data import outbox
from data.models import (
    Outbox,
    OutboxState,
    Shift,
    ShiftStatus,
    Signup,
    SignupStatus,
    Volunteer,
)
from data.roles import ADMIN_ROLES

# Told to a shift's coordinator when a volunteer on it can no longer be reached.
UNREACHABLE = "unreachable"


def mark_unreachable(*, session: Session, volunteer_id: int, now: datetime) -> None:
    """Unreachable from now on: their pending messages skipped, each coordinator told once."""
    volunteer = session.get(Volunteer, volunteer_id)
    if volunteer is None or not volunteer.reachable:
        return
    volunteer.reachable = False
    session.add(volunteer)
    session.execute(
        update(Outbox)
        .where(col(Outbox.recipient_id) == volunteer_id, col(Outbox.state) == OutboxState.PENDING)
        .values(state=OutboxState.SKIPPED, last_error="recipient unreachable")
    )
    for head, shift_ids in coordinators_of_upcoming(
        session=session, volunteer_id=volunteer_id, now=now
    ).items():
        outbox.notify(
            session=session,
            kind=UNREACHABLE,
            recipient_id=head,
            ref=f"{volunteer_id}:{now:%Y%m%dT%H%M%S}",
            now=now,
            payload={"volunteer_id": volunteer_id, "shift_ids": shift_ids},
        )


def coordinators_of_upcoming(
    *, session: Session, volunteer_id: int, now: datetime
) -> dict[int, list[int]]:
    """Who looks after each upcoming shift the volunteer holds a place on: coordinator id → shifts."""
    shifts = session.scalars(
        select(Shift)
        .join(Signup, col(Signup.shift_id) == col(Shift.id))
        .where(
            col(Signup.volunteer_id) == volunteer_id,
            col(Signup.status).in_([SignupStatus.CONFIRMED, SignupStatus.WAITLISTED]),
            col(Shift.status) == ShiftStatus.OPEN,
            col(Shift.starts_at) > now,
        )
        .order_by(col(Shift.starts_at))
    ).all()
    owners: dict[int, list[int]] = {}
    for shift in shifts:
        assert shift.id is not None
        for head in heads_of(session=session, shift=shift):
            if head != volunteer_id:
                owners.setdefault(head, []).append(shift.id)
    return owners


def heads_of(*, session: Session, shift: Shift) -> list[int]:
    """A shift's coordinator: whoever posted it; a shift with none falls to every admin."""
    if shift.created_by is not None:
        return [shift.created_by]
    admins = session.scalars(select(col(Volunteer.id)).where(col(Volunteer.role).in_(ADMIN_ROLES)))
    return [int(i) for i in admins if i is not None]


def move_chat(*, session: Session, volunteer_id: int, chat_id: int) -> None:
    """The recipient's chat became a supergroup with a new id: send there from now on."""
    volunteer = session.get(Volunteer, volunteer_id)
    if volunteer is not None:
        volunteer.chat_id = chat_id
        session.add(volunteer)
