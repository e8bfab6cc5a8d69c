"""The timing rules the domain needs, taken from configuration once at start-up."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta


@dataclass(frozen=True)
class Policy:
    """When reminders go out, when check-in opens, when attendance closes, how far ahead to plan."""

    reminder_offsets: tuple[timedelta, ...] = (timedelta(hours=24), timedelta(hours=2))
    checkin_opens: timedelta = timedelta(minutes=30)
    attendance_grace: timedelta = timedelta(minutes=30)
    horizon: timedelta = timedelta(weeks=8)
    # Short, renewed while sending: after a crash, what was claimed is claimed again within it.
    claim_lease: timedelta = field(default=timedelta(seconds=30))
