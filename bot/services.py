"""What every handler and job needs, built once at start-up and kept in ``bot_data``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from data.clock import Clock
from data.config import Settings
from data.db import Store
from data.policy import Policy


def policy_from(settings: Settings) -> Policy:
    return Policy(
        reminder_offsets=tuple(settings.reminder_offsets),
        checkin_opens=settings.checkin_opens,
        attendance_grace=settings.attendance_grace,
        horizon=settings.horizon,
    )


@dataclass
class Services:
    """The store, the clock, the settings and the timing policy; ``kick`` wakes the dispatcher."""

    store: Store
    clock: Clock
    settings: Settings
    policy: Policy
    kick: Callable[[], None] = field(default=lambda: None)

    def now(self) -> datetime:
        return self.clock.now()
