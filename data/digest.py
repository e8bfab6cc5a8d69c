"""The coordinators' morning digest: shifts of the next 72 hours that are understaffed (缺员).

Each day, once the local clock passes ``digest_time``, every coordinator with an understaffed
shift in view is owed one "digest" outbox row whose ref is the local date: unique, so a process
that starts late still sends today's, and two processes never send it twice. A coordinator sees
the shifts they posted and their team's; an admin sees all.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import ColumnElement, func, or_, true
from sqlmodel import Session, col, select

from data import outbox
from data.localtime import in_zone
from data.models import Shift, ShiftStatus, Signup, SignupStatus, Volunteer
from data.roles import is_admin
from data.volunteers import coordinators, get_volunteer

DIGEST = "digest"
LOOKAHEAD = timedelta(hours=72)


@dataclass(frozen=True)
class Understaffed:
    shift: Shift
    confirmed: int

    @property
    def missing(self) -> int:
        return self.shift.capacity - self.confirmed


def understaffed_shifts(*, session: Session, now: datetime, viewer_id: int) -> list[Understaffed]:
    """Open shifts starting within 72 hours with free seats, soonest first, in the viewer's scope."""
    viewer = get_volunteer(session=session, volunteer_id=viewer_id)
    confirmed = (
        select(Signup.shift_id, func.count().label("n"))
        .where(Signup.status == SignupStatus.CONFIRMED)
        .group_by(col(Signup.shift_id))
        .subquery()
    )
    taken = func.coalesce(confirmed.c.n, 0)
    query = (
        select(Shift, taken)
        .outerjoin(confirmed, confirmed.c.shift_id == col(Shift.id))
        .where(
            Shift.status == ShiftStatus.OPEN,
            col(Shift.starts_at) > now,
            col(Shift.starts_at) <= now + LOOKAHEAD,
            taken < col(Shift.capacity),
            _scope(viewer),
        )
        .order_by(col(Shift.starts_at), col(Shift.id))
    )
    return [Understaffed(shift, int(n)) for shift, n in session.exec(query)]


def _scope(viewer: Volunteer) -> ColumnElement[bool]:
    if is_admin(viewer):
        return true()
    mine = col(Shift.created_by) == viewer.id
    if viewer.team_id is None:
        return mine
    return or_(mine, col(Shift.team_id) == viewer.team_id)


def digest_day(now: datetime, zone: str, digest_time: str) -> date | None:
    """Today's local date once the local clock has passed ``digest_time`` (``HH:MM``), else None."""
    local = in_zone(now, zone)
    hour, minute = (int(part) for part in digest_time.split(":"))
    return local.date() if local.time() >= time(hour, minute) else None


def queue_digests(*, session: Session, now: datetime, zone: str, digest_time: str) -> int:
    """Owe today's digest to each coordinator with understaffed shifts; returns how many owed."""
    day = digest_day(now, zone, digest_time)
    if day is None:
        return 0
    owed = 0
    for person in coordinators(session=session):
        assert person.id is not None
        if not person.registered:
            continue
        if not understaffed_shifts(session=session, now=now, viewer_id=person.id):
            continue
        outbox.owe(
            session=session,
            kind=DIGEST,
            recipient_id=person.id,
            ref=day.isoformat(),
            due_at=now,
            now=now,
            payload={"day": day.isoformat()},
        )
        owed += 1
    return owed
