"""One drain of the outbox: the claim pipeline, the paced send loop, the lease renewals and the
recorder.

Claims are small (what the pacing sends in a few seconds) and taken ahead while the previous one
is still sending. Every row claimed and not yet finished is *held*: its short lease is renewed
every ``renew_every`` seconds, so a slow queue never loses its claim, while after a crash the rows
are due again within one lease. A held row whose renewal found it claimed elsewhere is dropped.
Each send holds one of the dispatcher's ``concurrency`` places until its outcome is stored, so a
crash can leave at most that many messages delivered but not marked sent: sent once more.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass, replace
from typing import Any

from data import dispatch
from data.clock import Clock
from data.db import Store
from data.dispatch import Outcome
from data.models import Outbox
from data.policy import Policy
from scheduler.notifier import Notifier
from scheduler.pacing import Pacer
from scheduler.recorder import Recorder
from scheduler.sending import Job, attempt

log = logging.getLogger(__name__)

Sleep = Callable[[float], Awaitable[None]]


@dataclass(frozen=True)
class DrainDeps:
    """What a drain acts with, handed over by the dispatcher that owns them across drains."""

    store: Store
    notifier: Notifier
    clock: Clock
    policy: Policy
    pacer: Pacer[Job]
    sleep: Sleep
    claim: Callable[[], Coroutine[Any, Any, list[Outbox]]]  # the next batch of due rows, rendered
    stopped: asyncio.Event  # the dispatcher is stopping: no new sends
    kicked: asyncio.Event  # asked to look for due rows once more before ending
    concurrency: int
    claim_size: int  # rows a claim takes: a few seconds of sending
    renew_every: float  # seconds between lease renewals (real time, whatever the clock)
    stop_grace: float


class Drain:
    """One drain: the claim pipeline, the paced send loop, the lease renewals and the recorder."""

    def __init__(self, deps: DrainDeps) -> None:
        self.d = deps
        self.pacer = deps.pacer
        self.recorder = Recorder(deps.store, deps.clock)
        self.inflight: set[asyncio.Task[None]] = set()
        self.claiming: asyncio.Task[list[Outbox]] | None = None
        self.held: dict[int, Job] = {}  # claimed and not finished: queued, in flight or recording
        self.exhausted = False
        self.sent = 0

    async def go(self) -> int:
        self.recorder.start()
        renewing = asyncio.create_task(self._renew_leases())
        try:
            await self._loop()
        finally:
            renewing.cancel()
            for task in list(self.inflight):
                task.cancel()
            if self.claiming is not None:
                self.claiming.cancel()
            await self.recorder.close()
        return self.sent

    async def _renew_leases(self) -> None:
        """Keep the held rows' leases ahead until the drain ends; drop those claimed elsewhere."""
        while True:
            await asyncio.sleep(self.d.renew_every)
            jobs = list(self.held.values())
            try:
                kept = await self.recorder.renew(
                    [job.row for job in jobs], self.d.policy.claim_lease
                )
            except Exception:  # the database is away: the sends check their lease before going
                log.exception("renewing %d claims failed", len(jobs))
                continue
            for job in jobs:
                if job.row.id not in kept:
                    job.lost = True

    async def _loop(self) -> None:
        while not self.d.stopped.is_set():
            self._take_claim()
            self._maybe_claim()
            slot = self.pacer.next_slot()
            if slot is None or len(self.inflight) >= self.d.concurrency:
                if not await self._wait_for_work():
                    return
                continue
            delay = slot - self.pacer.monotonic()
            if delay > 0:
                await self._pause(delay)
                continue  # a claim may have come in meanwhile and changed what goes next
            popped = self.pacer.pop()
            assert popped is not None
            _, chat_id, job = popped
            task = asyncio.create_task(self._send(chat_id, job))
            self.inflight.add(task)
            task.add_done_callback(self.inflight.discard)
        await self._wind_down()

    async def _wind_down(self) -> None:
        """Stopping: finish the sends in flight and hand back every claim not yet sent."""
        if self.claiming is not None:
            await asyncio.wait({self.claiming})
            self._take_claim()
        if self.inflight:
            _, hung = await asyncio.wait(set(self.inflight), timeout=self.d.stop_grace)
            for task in hung:
                task.cancel()
            if hung:
                log.warning(
                    "stopping: %d sends still hung after the grace, left claimed", len(hung)
                )
                await asyncio.wait(hung)
        for _, job in self.pacer.clear():
            assert job.row.id is not None
            self.held.pop(job.row.id, None)
            if job.lost:
                continue
            self.recorder.add(
                Outcome(
                    job.row.id,
                    job.row.recipient_id,
                    dispatch.RELEASED,
                    claim=job.row.claimed_until,
                )
            )

    def _maybe_claim(self) -> None:
        low = len(self.pacer) < max(1, self.d.claim_size // 2)
        if self.claiming is None and not self.exhausted and low:
            self.claiming = asyncio.create_task(self.d.claim())

    async def _wait_for_work(self) -> bool:
        """Wait for a claim or a send to finish; False when the drain is over."""
        waiting: set[asyncio.Future[object]] = set(self.inflight)  # type: ignore[arg-type]
        if self.claiming is not None:
            waiting.add(self.claiming)  # type: ignore[arg-type]
        if not waiting:
            await self.recorder.flush()
            if self.d.kicked.is_set() or self.recorder.owed_more:
                # A kick, or an outcome that owed others a message: look once more.
                self.d.kicked.clear()
                self.recorder.owed_more = self.exhausted = False
                return True
            return False
        # A stop must not wait for a send that hangs: it ends the loop, and the wind-down bounds it.
        stopping = asyncio.ensure_future(self.d.stopped.wait())
        waiting.add(stopping)  # type: ignore[arg-type]
        try:
            await asyncio.wait(waiting, return_when=asyncio.FIRST_COMPLETED)
        finally:
            stopping.cancel()
        return True

    async def _pause(self, delay: float) -> None:
        """Wait for the next slot, or less if a claim comes in or the dispatcher is stopped."""
        sleeper = asyncio.ensure_future(self.d.sleep(delay))
        stopping = asyncio.ensure_future(self.d.stopped.wait())
        waits: set[asyncio.Future[Any]] = {sleeper, stopping}
        if self.claiming is not None:
            waits.add(self.claiming)
        await asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED)
        for future in (sleeper, stopping):
            if not future.done():
                future.cancel()

    def _take_claim(self) -> None:
        if self.claiming is None or not self.claiming.done():
            return
        task, self.claiming = self.claiming, None
        rows = task.result()
        if not rows:
            self.exhausted = True
        for row in rows:
            job = self.held[row.id or 0] = Job(row)
            self.pacer.push(self._chat_key(row), job)

    @staticmethod
    def _chat_key(row: Outbox) -> int:
        # Pacing is per recipient: one private chat each.
        return row.recipient_id

    async def _send(self, chat_id: int, job: Job) -> None:
        row = job.row
        assert row.id is not None
        try:
            d = self.d
            outcome = await attempt(
                d.notifier, d.store, d.clock, self.pacer, chat_id, job, lease=d.policy.claim_lease
            )
        except Exception as exc:  # a bug in rendering must not stop the other sends
            log.exception("sending outbox row %s (%s) failed", row.id, row.kind)
            outcome = Outcome(row.id, row.recipient_id, dispatch.FAILED, error=repr(exc))
        finally:
            self.pacer.done(chat_id)
        if outcome is not None:
            # Recorded under this claim only: a late outcome must not undo a newer claim's.
            outcome = replace(outcome, claim=row.claimed_until)
            if outcome.result == dispatch.SENT:
                self.sent += 1
            await self.recorder.add(outcome)  # in flight until stored: see the module docstring
        if outcome is not None or job.lost:
            self.held.pop(row.id, None)
