"""The dispatch job: claim due outbox rows, send them paced, record each outcome.

Claims take what the pacing sends in ``claim_seconds`` (at most ``batch_size`` rows) and are
taken ahead while the previous one is still sending; their short leases are renewed while the rows
wait or send. Sends run with bounded concurrency; outcomes are written by one recorder in group
commits, and a send stays "in flight" (holding one of the ``concurrency`` places) until its
outcome is stored. A crash therefore loses no claim (the rows are due again within one lease, and
sent unless stale) and sends again at most ``concurrency`` messages, one duplicate each.
"""

from __future__ import annotations

import asyncio
from typing import Any

from data import dispatch
from data.clock import Clock
from data.db import Store
from data.models import Outbox
from data.policy import Policy
from scheduler.drain import Drain, DrainDeps, Sleep
from scheduler.notifier import Notifier
from scheduler.pacing import Pacer
from scheduler.sending import Job

# A claim takes what the pacing sends in this many seconds: rows claimed far ahead of their turn
# would only wait under a lease, to be claimed again late after a crash.
CLAIM_SECONDS = 3.0
# Leases are renewed this many times per lease, so a renewal may fail once without losing one.
RENEWALS_PER_LEASE = 3


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
        claim_seconds: float | None = CLAIM_SECONDS,
        stop_grace: float = 15.0,
        renew_every: float | None = None,
    ) -> None:
        self.store, self.notifier, self.clock, self.policy = store, notifier, clock, policy
        self.pacer: Pacer[Job] = pacer if pacer is not None else Pacer()
        self.sleep = sleep
        self.concurrency = concurrency
        self.batch_size = batch_size
        self.claim_seconds = claim_seconds  # None: claims of ``batch_size`` whatever the pacing
        lease = policy.claim_lease.total_seconds()
        self.renew_every = renew_every if renew_every is not None else lease / RENEWALS_PER_LEASE
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
            claim_size=self.claim_size,
            renew_every=self.renew_every,
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

    @property
    def claim_size(self) -> int:
        """Rows one claim takes: a few seconds of sending at the pacer's rate, at most a batch."""
        rate = self.pacer.per_second
        if rate is None or self.claim_seconds is None:
            return self.batch_size
        return max(1, min(self.batch_size, int(rate * self.claim_seconds)))

    async def claim(self) -> list[Outbox]:
        """Claim the next rows due and have the notifier render them."""
        rows = await self.store.run(
            dispatch.claim_due,
            now=self.clock.now(),
            lease=self.policy.claim_lease,
            limit=self.claim_size,
        )
        await self.notifier.prepare(rows)
        return rows
