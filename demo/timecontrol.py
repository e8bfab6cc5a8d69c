"""The demo's clock control: move the bot's injected clock, then let the scheduler catch up."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import datetime, timedelta

from sqlalchemy import func
from sqlmodel import Session, col, select

from bot.scheduling import SCHEDULER_KEY
from bot.services import Services
from bot.types import App
from data.clock import ManualClock
from data.models import Outbox, OutboxState
from scheduler.service import SchedulerService

log = logging.getLogger(__name__)

STEPS = {"hour": timedelta(hours=1), "day": timedelta(days=1)}


def next_pending_due(*, session: Session, after: datetime) -> datetime | None:
    """The next instant after ``after`` at which the bot owes someone a message (a reminder,
    a check-in prompt, a digest)."""
    query = select(func.min(col(Outbox.due_at))).where(
        col(Outbox.state) == OutboxState.PENDING, col(Outbox.due_at) > after
    )
    due: datetime | None = session.exec(query).one()
    return due


class TimeControl:
    """Moves ``clock`` forward only; after every move the scheduler's jobs run in the background.

    A move answers at once, so the page shows the new time while reminders are still being
    sent (the dispatcher paces them per chat, as Telegram requires). Moves made while the jobs
    run are folded into one more run.
    """

    def __init__(self, app: App, services: Services, clock: ManualClock) -> None:
        self.app = app
        self.services = services
        self.clock = clock
        self._task: asyncio.Task[None] | None = None
        self._again = False

    def now(self) -> datetime:
        return self.clock.now()

    def step(self, name: str) -> datetime:
        """Advance by a named step ("hour", "day")."""
        self.clock.advance(STEPS[name])
        self._catch_up()
        return self.now()

    async def next_reminder(self) -> datetime | None:
        """Jump to the next instant a message is owed (the next reminder, check-in prompt,
        digest); None, and no move, if nothing more is owed."""
        due = await self.services.store.read(next_pending_due, after=self.now())
        if due is None:
            return None
        self.clock.set(due)
        self._catch_up()
        return self.now()

    def _catch_up(self) -> None:
        if self._task is not None and not self._task.done():
            self._again = True
            return
        self._task = asyncio.create_task(self._run_until_current(), name="demo-clock-jobs")

    async def _run_until_current(self) -> None:
        while True:
            self._again = False
            await self.run_jobs()
            if not self._again:
                return

    async def settled(self) -> None:
        """Wait until the jobs of every move so far have run."""
        while self._task is not None and not self._task.done():
            await asyncio.shield(self._task)

    async def stop(self) -> None:
        if self._task is not None and not self._task.done():
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def run_jobs(self) -> None:
        """Run every scheduler job now, as if its timer had fired at the new time."""
        service: SchedulerService | None = self.app.bot_data.get(SCHEDULER_KEY)
        if service is None:
            self.services.kick()  # built without a scheduler: at most the dispatcher hook
            return
        try:
            await service.run_all_now()
        except Exception:
            # The page must keep working; the job runs again on its own timer.
            log.exception("running the scheduler's jobs after a clock move failed")
