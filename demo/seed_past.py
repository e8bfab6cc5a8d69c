"""Shifts of the days before the demo starts, served and closed, so ``/hours`` and ``/export``
show something before any time travel: people present, late and absent, one record corrected.

Each step runs through the domain functions at the instant it would have happened (posting two
days ahead, checking in at the start, closing after the grace period); what those steps owed
then (reminders, the attendance summary) is skipped, not sent on start-up days late.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from enum import StrEnum

from sqlmodel import Session

from data import outbox
from data.attendance import check_in, check_out
from data.attendance_close import close_shift_attendance
from data.config import Settings
from data.corrections import Correction, correct_attendance
from data.models import AttendanceStatus
from data.policy import Policy
from data.shifts import ShiftDraft, create_shift
from data.signups import sign_up
from demo.personas import EMMA, EXTRAS, LILEI, DemoPersona


class Came(StrEnum):
    ON_TIME = "on time"
    LATE = "late"  # checks in 15 minutes after the start
    NEVER = "never"  # no check-in: absent when the attendance closes
    CORRECTED = "corrected"  # late, and the coordinator corrects it to present


@dataclass(frozen=True)
class PastShift:
    title: str
    location: str
    days_ago: int
    start: time
    hours: float
    attendees: tuple[tuple[DemoPersona, Came], ...]


PAST = (
    PastShift(
        "文明交通劝导",
        "民主路口",
        3,
        time(8, 0),
        2,
        ((LILEI, Came.ON_TIME), (EMMA, Came.LATE), (EXTRAS[0], Came.NEVER)),
    ),
    PastShift(
        "食品安全宣传",
        "中心农贸市场",
        1,
        time(9, 30),
        2,
        ((LILEI, Came.ON_TIME), (EXTRAS[1], Came.CORRECTED), (EXTRAS[2], Came.ON_TIME)),
    ),
)
LATE_BY = timedelta(minutes=15)
CORRECTION_REASON = "路口拥堵，负责人现场确认准时到岗"


def seed_past(
    *,
    session: Session,
    coordinator_id: int,
    people: dict[int, int],
    settings: Settings,
    policy: Policy,
    now: datetime,
) -> int:
    """Post, serve and close the past shifts; ``people`` maps Telegram ids to volunteer ids.
    Returns how many shifts."""
    today = now.astimezone(settings.zone).date()
    for item in PAST:
        begins = datetime.combine(today - timedelta(days=item.days_ago), item.start, settings.zone)
        ends = begins + timedelta(hours=item.hours)
        _serve(session, coordinator_id, people, item, begins, ends, settings, policy)
    return len(PAST)


def _serve(
    session: Session,
    coordinator_id: int,
    people: dict[int, int],
    item: PastShift,
    begins: datetime,
    ends: datetime,
    settings: Settings,
    policy: Policy,
) -> None:
    posted = begins - timedelta(days=2)
    draft = ShiftDraft(item.title, item.location, begins, ends, 6, settings.timezone)
    shift = create_shift(session=session, actor_id=coordinator_id, draft=draft, now=posted)
    assert shift.id is not None
    corrected: list[int] = []
    for person, came in item.attendees:
        volunteer_id = people[person.telegram_id]
        sign_up(
            session=session, volunteer_id=volunteer_id, shift_id=shift.id, now=posted, policy=policy
        )
        if came is Came.NEVER:
            continue
        arrived = begins if came is Came.ON_TIME else begins + LATE_BY
        record = check_in(
            session=session,
            volunteer_id=volunteer_id,
            shift_id=shift.id,
            now=arrived,
            policy=policy,
        ).attendance
        check_out(session=session, volunteer_id=volunteer_id, shift_id=shift.id, now=ends)
        if came is Came.CORRECTED and record.id is not None:
            corrected.append(record.id)
    closed = ends + policy.attendance_grace
    close_shift_attendance(session=session, shift_id=shift.id, now=closed, policy=policy)
    for attendance_id in corrected:
        correct_attendance(
            session=session,
            actor_id=coordinator_id,
            attendance_id=attendance_id,
            correction=Correction(status=AttendanceStatus.PRESENT, minutes=_minutes(item)),
            reason=CORRECTION_REASON,
            now=closed + timedelta(hours=1),
        )
    outbox.skip_pending(session=session, shift_id=shift.id)


def _minutes(item: PastShift) -> int:
    """The whole shift, as a volunteer who was there on time is credited."""
    return round(item.hours * 60)
