"""The tables. Every instant is aware UTC (see :class:`data.types.UTCDateTime`)."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import BigInteger, Column, DateTime, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from data.types import EnumText, UTCDateTime


def _status(enum: type[StrEnum], *, length: int = 16) -> Column[Any]:
    """A status column: VARCHAR(length), read back as ``enum``."""
    return Column(EnumText(enum, length), nullable=False)


def _instant(*, nullable: bool = False, index: bool = False) -> Column[datetime]:
    return Column(UTCDateTime(), nullable=nullable, index=index)


class Role(StrEnum):
    VOLUNTEER = "volunteer"
    COORDINATOR = "coordinator"
    ADMIN = "admin"


class Team(SQLModel, table=True):
    """A unit volunteers belong to (科室, 区局, 监管所): name, invite code for t.me deep links."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=100)
    invite_code: str = Field(max_length=32, unique=True)
    created_at: datetime = Field(sa_column=_instant())


class Volunteer(SQLModel, table=True):
    """One Telegram user: ids, name, optional phone, language, role, team, reachability.

    ``registered`` turns true when the /start flow is finished; ``start_code`` keeps the deep-link
    payload the user arrived with (a team invite).
    """

    id: int | None = Field(default=None, primary_key=True)
    telegram_id: int = Field(sa_column=Column(BigInteger, unique=True, nullable=False))
    chat_id: int = Field(sa_column=Column(BigInteger, nullable=False))
    username: str | None = Field(default=None, max_length=64, index=True)
    display_name: str = Field(max_length=64)
    phone: str | None = Field(default=None, max_length=32)
    language: str | None = Field(default=None, max_length=8)
    role: Role = Field(default=Role.VOLUNTEER, sa_column=_status(Role))
    team_id: int | None = Field(default=None, foreign_key="team.id")
    reachable: bool = True
    reminders_on: bool = True
    registered: bool = False
    start_code: str | None = Field(default=None, max_length=64)
    created_at: datetime = Field(sa_column=_instant())


class Series(SQLModel, table=True):
    """A regular shift (常态化岗位): template fields, RRULE text, zone, materialised horizon.

    ``first_start_local`` is the naive local wall time of the first occurrence in ``tz``;
    occurrences are :class:`Shift` rows with ``series_id`` set.
    """

    id: int | None = Field(default=None, primary_key=True)
    title: str = Field(max_length=200)
    location: str = Field(max_length=200)
    latitude: float | None = None
    longitude: float | None = None
    radius_m: int = 300
    capacity: int
    # Naive local wall time on purpose: SQLModel's default datetime column would demand aware.
    first_start_local: datetime = Field(sa_column=Column(DateTime(timezone=False), nullable=False))
    duration_minutes: int
    rrule: str = Field(max_length=200)
    tz: str = Field(max_length=64)
    team_id: int | None = Field(default=None, foreign_key="team.id")
    created_by: int | None = Field(default=None, foreign_key="volunteer.id")
    materialised_until: datetime | None = Field(default=None, sa_column=_instant(nullable=True))
    ended: bool = False
    version: int = 1
    created_at: datetime = Field(sa_column=_instant())


class SeriesSkip(SQLModel, table=True):
    """A range of local dates (inclusive) on which a series has no occurrence: holidays."""

    id: int | None = Field(default=None, primary_key=True)
    series_id: int = Field(foreign_key="series.id", index=True)
    first_day: date
    last_day: date


class ShiftStatus(StrEnum):
    OPEN = "open"
    CANCELLED = "cancelled"


class Shift(SQLModel, table=True):
    """One occurrence with concrete UTC start/end, place, capacity and status.

    Series occurrences carry ``series_id`` and ``occurrence_key`` (the start the rule gave it, kept
    when the occurrence alone is moved), unique together so materialising is idempotent.
    """

    __table_args__ = (UniqueConstraint("series_id", "occurrence_key"),)

    id: int | None = Field(default=None, primary_key=True)
    series_id: int | None = Field(default=None, foreign_key="series.id", index=True)
    occurrence_key: datetime | None = Field(default=None, sa_column=_instant(nullable=True))
    title: str = Field(max_length=200)
    location: str = Field(max_length=200)
    latitude: float | None = None
    longitude: float | None = None
    radius_m: int = 300
    starts_at: datetime = Field(sa_column=_instant(index=True))
    ends_at: datetime = Field(sa_column=_instant())
    tz: str = Field(max_length=64)
    capacity: int
    status: ShiftStatus = Field(default=ShiftStatus.OPEN, sa_column=_status(ShiftStatus))
    cancel_reason: str | None = Field(default=None, max_length=200)
    team_id: int | None = Field(default=None, foreign_key="team.id")
    created_by: int | None = Field(default=None, foreign_key="volunteer.id")
    version: int = 1
    # Set once, by whichever process closes the shift's attendance first (conditional update).
    attendance_closed_at: datetime | None = Field(default=None, sa_column=_instant(nullable=True))
    created_at: datetime = Field(sa_column=_instant())


class SignupStatus(StrEnum):
    CONFIRMED = "confirmed"
    WAITLISTED = "waitlisted"
    CANCELLED = "cancelled"


class Signup(SQLModel, table=True):
    """Volunteer × shift: confirmed / waitlisted / cancelled, waitlist order, origin.

    One row per pair for ever: signing up again after cancelling reuses it, so history stays whole.
    """

    __table_args__ = (
        UniqueConstraint("shift_id", "volunteer_id"),
        Index("ix_signup_shift_status", "shift_id", "status"),
    )

    id: int | None = Field(default=None, primary_key=True)
    shift_id: int = Field(foreign_key="shift.id")
    volunteer_id: int = Field(foreign_key="volunteer.id", index=True)
    status: SignupStatus = Field(sa_column=_status(SignupStatus))
    waitlist_seq: int | None = None
    origin: str = Field(default="direct", max_length=16)
    standing_id: int | None = Field(default=None, foreign_key="standingsignup.id")
    created_at: datetime = Field(sa_column=_instant())
    updated_at: datetime = Field(sa_column=_instant())
    # When they answered a reminder "I'll be there"; counts only if after ``updated_at`` (the
    # seat's last change), so a seat given up and taken again is asked again.
    coming_at: datetime | None = Field(default=None, sa_column=_instant(nullable=True))


class StandingSignup(SQLModel, table=True):
    """Volunteer × series: "I take this slot every time" (长期报名), in sign-up order."""

    __table_args__ = (UniqueConstraint("series_id", "volunteer_id"),)

    id: int | None = Field(default=None, primary_key=True)
    series_id: int = Field(foreign_key="series.id")
    volunteer_id: int = Field(foreign_key="volunteer.id", index=True)
    active: bool = True
    created_at: datetime = Field(sa_column=_instant())
    ended_at: datetime | None = Field(default=None, sa_column=_instant(nullable=True))


class AttendanceStatus(StrEnum):
    PENDING = "pending"
    PRESENT = "present"
    LATE = "late"
    ABSENT = "absent"
    EXCUSED = "excused"


class Attendance(SQLModel, table=True):
    """Per confirmed signup: check-in/out instants and place, status, credited minutes."""

    id: int | None = Field(default=None, primary_key=True)
    signup_id: int = Field(foreign_key="signup.id", unique=True)
    checked_in_at: datetime | None = Field(default=None, sa_column=_instant(nullable=True))
    checked_out_at: datetime | None = Field(default=None, sa_column=_instant(nullable=True))
    checkin_latitude: float | None = None
    checkin_longitude: float | None = None
    location_verified: bool | None = None
    status: AttendanceStatus = Field(
        default=AttendanceStatus.PENDING, sa_column=_status(AttendanceStatus)
    )
    credited_minutes: int = 0
    closed_at: datetime | None = Field(default=None, sa_column=_instant(nullable=True))


class AttendanceChange(SQLModel, table=True):
    """One attributed change to an attendance record (时长修正 / 补录): who, when, why, what."""

    id: int | None = Field(default=None, primary_key=True)
    attendance_id: int = Field(foreign_key="attendance.id", index=True)
    changed_by: int | None = Field(default=None, foreign_key="volunteer.id")
    changed_at: datetime = Field(sa_column=_instant())
    field: str = Field(max_length=32)
    old_value: str | None = Field(default=None, max_length=64)
    new_value: str | None = Field(default=None, max_length=64)
    reason: str = Field(max_length=200)


class OutboxState(StrEnum):
    PENDING = "pending"
    CLAIMED = "claimed"
    SENT = "sent"
    FAILED = "failed"
    SKIPPED = "skipped"


class Outbox(SQLModel, table=True):
    """One message the bot owes someone: kind, recipient, shift, due instant, delivery state.

    Unique per (kind, recipient, ref): ``ref`` is the shift id for per-shift messages (so a
    reminder can never be owed twice), or a day / edit number for the others.
    """

    __table_args__ = (
        UniqueConstraint("kind", "recipient_id", "ref"),
        Index("ix_outbox_due", "state", "due_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=32)
    recipient_id: int = Field(foreign_key="volunteer.id")
    shift_id: int | None = Field(default=None, foreign_key="shift.id", index=True)
    ref: str = Field(max_length=64)
    payload: str = Field(default="{}", max_length=2000)
    due_at: datetime = Field(sa_column=_instant())
    state: OutboxState = Field(default=OutboxState.PENDING, sa_column=_status(OutboxState))
    attempts: int = 0
    claimed_until: datetime | None = Field(default=None, sa_column=_instant(nullable=True))
    sent_at: datetime | None = Field(default=None, sa_column=_instant(nullable=True))
    last_error: str | None = Field(default=None, max_length=300)
    created_at: datetime = Field(sa_column=_instant())
