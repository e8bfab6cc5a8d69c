"""Writes send outcomes as they come, in group commits; each sender waits for its own to be written.

A send counts as in flight until its outcome is stored, so the dispatcher's concurrency bounds how
many sends a crash can leave delivered but not marked sent (and send again after the lease).

Lease renewals go through the same writer, one write at a time: an outcome is fenced by its
claim's lease end, so a renewal moves that token in the rows held and in the outcomes not yet
written in the same step, and no outcome is ever written under a token the table no longer has.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from dataclasses import replace
from datetime import timedelta

from data import dispatch
from data.clock import Clock
from data.db import Store
from data.dispatch import Outcome
from data.models import Outbox

log = logging.getLogger(__name__)

WRITE_TRIES = 5


class Recorder:
    """Collects outcomes; one writer task stores everything collected since its last write."""

    def __init__(self, store: Store, clock: Clock) -> None:
        self.store, self.clock = store, clock
        self.pending: list[tuple[Outcome, asyncio.Future[None]]] = []
        self.owed_more = False  # an outcome written may have owed new messages (coordinators told)
        self._written = asyncio.Event()
        self._wake = asyncio.Event()
        self._closing = False
        self._writing = False
        self._task: asyncio.Task[None] | None = None
        self._one_write = asyncio.Lock()

    def start(self) -> None:
        self._task = asyncio.create_task(self._run())

    def add(self, outcome: Outcome) -> asyncio.Future[None]:
        """Queue ``outcome``; the future is done once it is written."""
        written: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self.pending.append((outcome, written))
        self._wake.set()
        return written

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

    async def renew(self, rows: Sequence[Outbox], lease: timedelta) -> set[int]:
        """Extend the claims of ``rows`` (their ``claimed_until`` moves); returns the ids kept."""
        async with self._one_write:
            held = [(row.id, row.claimed_until) for row in rows if row.id and row.claimed_until]
            if not held:
                return set()
            kept, until = await self.store.run(
                dispatch.renew, held=held, now=self.clock.now(), lease=lease
            )
            for row in rows:
                if row.id in kept:
                    row.claimed_until = until
            self.pending = [
                (replace(outcome, claim=until) if outcome.item_id in kept else outcome, written)
                for outcome, written in self.pending
            ]
            return kept

    async def _run(self) -> None:
        while True:
            await self._wake.wait()
            self._wake.clear()
            async with self._one_write:
                batch, self.pending = self.pending, []
                if batch:
                    self._writing = True
                    outcomes = [outcome for outcome, _ in batch]
                    await self._write(outcomes)
                    self._writing = False
                    self.owed_more |= any(o.result == dispatch.GONE for o in outcomes)
                    for _, written in batch:
                        if not written.done():
                            written.set_result(None)
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
