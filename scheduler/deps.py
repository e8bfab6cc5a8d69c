"""What every job acts with, in one object: jobs take it, the service builds it once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from data.clock import Clock
from data.config import Settings
from data.db import Store
from data.policy import Policy
from scheduler.dispatcher import Dispatcher


@dataclass(frozen=True)
class JobDeps:
    """What a job acts with: the store, the clock, the timing policy, settings, the dispatcher."""

    store: Store
    clock: Clock
    policy: Policy
    settings: Settings
    dispatcher: Dispatcher

    def now(self) -> datetime:
        return self.clock.now()
