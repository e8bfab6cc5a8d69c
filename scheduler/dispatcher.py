"""The dispatch job: claim due outbox rows, send them paced, record each outcome.

Claims are batched and taken ahead while the previous batch is still sending; sends run with
bounded concurrency; outcomes are written by one recorder in group commits, and a send stays "in
flight" (holding one of the ``concurrency`` places) until its outcome is stored. A crash therefore
sends again at most ``concurrency`` messages, once their claim's lease runs out.
"""

from __future__ import annotations

import asyncio
from typing import Any

from data import dispatch
from data.clock import Clock
from data.db import Store
from data.models import Outbox
from data.policy import Policy
from scheduler.drain import Drain, DrainDeps, Job, Sleep
from scheduler.notifier import Notifier
from scheduler.pacing import Pacer


class Dispatcher:
    """Drains the outbox through a :class:`Notifier`; one instance per process, reused by each run."""

    def __init__(
        self,
        store: Store,
        notifier: Notifier,
        clock: Clock,
        policy: Policy,
        *,
        pacer: Pacer[Any] | None = None,
        sleep: Sleep = asyncio.sleep,
        concurrency: int = 32,
        batch_size: int = 200,
        stop_grace: float = 15.0,
    ) -> None:
        self.store, self.notifier, self.clock, self.policy = store, notifier, clock, policy
        self.pacer: Pacer[Job] = pacer if pacer is not None else Pacer()
        self.sleep = sleep
        self.concurrency = concurrency
        self.batch_size = batch_size
        # How long a stop waits for sends in flight; a hung one is then cancelled and stays
        # claimed, to go again after its lease (like a send in flight at a crash).
        self.stop_grace = stop_grace
        self.kicked = asyncio.Event()
        self.total_sent = 0
        self.stopped = asyncio.Event()
        # One drain at a time per process: they share the pacer's view of each chat.
        self._lock = asyncio.Lock()

    @property
    def busy(self) -> bool:
        """A drain is under way in this process."""
        return self._lock.locked()

    def wake(self) -> None:
        """Ask a running drain to look for due rows once more before it ends (a kick)."""
        self.kicked.set()

    async def drain(self) -> int:
        """Send everything due now, including what becomes due while sending; returns how many sent."""
        if self.stopped.is_set():
            return 0
        async with self._lock:
            sent = await Drain(self._drain_deps()).go()
        self.total_sent += sent
        return sent

    def _drain_deps(self) -> DrainDeps:
        return DrainDeps(
            store=self.store,
            notifier=self.notifier,
            clock=self.clock,
            policy=self.policy,
            pacer=self.pacer,
            sleep=self.sleep,
            claim=self.claim,
            stopped=self.stopped,
            kicked=self.kicked,
            concurrency=self.concurrency,
            batch_size=self.batch_size,
            stop_grace=self.stop_grace,
        )

    async def stop(self) -> None:
        """Stop gracefully: no new sends; those in flight are recorded, unsent claims handed back."""
        self.stopped.set()
        await self.idle()

    async def idle(self) -> None:
        """Wait until a drain in progress (if any) has finished and written its outcomes."""
        async with self._lock:
            return

    async def claim(self) -> list[Outbox]:
        """Claim the next batch of due rows and have the notifier render them."""
        rows = await self.store.run(
            dispatch.claim_due,
            now=self.clock.now(),
            lease=self.policy.claim_lease,
            limit=self.batch_size,
        )
        await self.notifier.prepare(rows)
        return rows
