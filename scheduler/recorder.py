"""Writes send outcomes as they come, in group commits, so a sent row is soon marked sent."""

from __future__ import annotations

import asyncio
import logging

from data import dispatch
from data.clock import Clock
from data.db import Store
from data.dispatch import Outcome

log = logging.getLogger(__name__)

WRITE_TRIES = 5


class Recorder:
    """Collects outcomes; one writer task stores everything collected since its last write."""

    def __init__(self, store: Store, clock: Clock) -> None:
        self.store, self.clock = store, clock
        self.pending: list[Outcome] = []
        self.owed_more = False  # an outcome written may have owed new messages (coordinators told)
        self._written = asyncio.Event()
        self._wake = asyncio.Event()
        self._closing = False
        self._writing = False
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._run())

    def add(self, outcome: Outcome) -> None:
        self.pending.append(outcome)
        self._wake.set()

    async def flush(self) -> None:
        """Wait until every outcome added so far is written."""
        while self.pending or self._writing:
            self._written.clear()
            await self._written.wait()

    async def close(self) -> None:
        """Write what is left and stop."""
        self._closing = True
        self._wake.set()
        if self._task is not None:
            await self._task

    async def _run(self) -> None:
        while True:
            await self._wake.wait()
            self._wake.clear()
            batch, self.pending = self.pending, []
            if batch:
                self._writing = True
                await self._write(batch)
                self._writing = False
                self.owed_more |= any(o.result == dispatch.GONE for o in batch)
            self._written.set()
            if self._closing and not self.pending:
                return

    async def _write(self, batch: list[Outcome]) -> None:
        for attempt in range(1, WRITE_TRIES + 1):
            try:
                await self.store.run(dispatch.record, outcomes=batch, now=self.clock.now())
                return
            except Exception:
                # Unwritten outcomes leave rows claimed: they would be sent again after the lease.
                log.exception("recording %d send outcomes failed (try %d)", len(batch), attempt)
                await asyncio.sleep(0.2 * attempt)
