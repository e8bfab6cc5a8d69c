"""One drain of the outbox: the claim pipeline, the paced send loop, and the recorder.

Claims are taken ahead while the previous batch is still sending. Each send holds one of the
dispatcher's ``concurrency`` places until its outcome is stored, so a crash can leave at most that
many messages delivered but not marked sent.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass, replace
from datetime import timedelta
from typing import Any

from data import dispatch
from data.clock import Clock
from data.db import Store
from data.dispatch import Outcome
from data.models import Outbox
from data.policy import Policy
from data.unreachable import move_chat
from scheduler.notifier import ChatMoved, Notifier, Obsolete, RecipientGone, Rejected, RetryLater
from scheduler.pacing import Pacer
from scheduler.recorder import Recorder

log = logging.getLogger(__name__)

# A 429 or a network failure is retried in place this many times before going back to the table.
INLINE_RETRIES = 3
# A claim within this part of its lease of running out is handed back rather than sent: another
# process may take it any moment.
LEASE_MARGIN = 0.25


Sleep = Callable[[float], Awaitable[None]]


@dataclass
class Job:
    """A claimed row on its way out, with how often it was tried in this drain."""

    row: Outbox
    tries: int = 0
    moved: bool = False


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
    batch_size: int
    stop_grace: float


class Drain:
    """One drain: the claim pipeline, the paced send loop and the recorder."""

    def __init__(self, deps: DrainDeps) -> None:
        self.d = deps
        self.pacer = deps.pacer
        self.recorder = Recorder(deps.store, deps.clock)
        self.inflight: set[asyncio.Task[None]] = set()
        self.claiming: asyncio.Task[list[Outbox]] | None = None
        self.exhausted = False
        self.sent = 0

    async def go(self) -> int:
        self.recorder.start()
        try:
            await self._loop()
        finally:
            for task in list(self.inflight):
                task.cancel()
            if self.claiming is not None:
                self.claiming.cancel()
            await self.recorder.close()
        return self.sent

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
            self.recorder.add(
                Outcome(
                    job.row.id,
                    job.row.recipient_id,
                    dispatch.RELEASED,
                    claim=job.row.claimed_until,
                )
            )

    def _maybe_claim(self) -> None:
        low = len(self.pacer) < max(1, self.d.batch_size // 2)
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
            self.pacer.push(self._chat_key(row), Job(row))

    @staticmethod
    def _chat_key(row: Outbox) -> int:
        # Pacing is per recipient: one private chat each.
        return row.recipient_id

    async def _send(self, chat_id: int, job: Job) -> None:
        row = job.row
        assert row.id is not None
        try:
            outcome = await self._attempt(chat_id, job)
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

    async def _attempt(self, chat_id: int, job: Job) -> Outcome | None:
        """One try; None when the row went back into the queue for another."""
        row = job.row
        assert row.id is not None
        margin = self.d.policy.claim_lease * LEASE_MARGIN
        if row.claimed_until is not None and self.d.clock.now() >= row.claimed_until - margin:
            return Outcome(row.id, row.recipient_id, dispatch.RELEASED)
        try:
            await self.d.notifier.deliver(row)
        except RetryLater as exc:
            job.tries += 1
            self.pacer.hold(chat_id, exc.retry_after)
            if job.tries <= INLINE_RETRIES:
                self.pacer.push(chat_id, job, front=True)
                return None
            retry_at = self.d.clock.now() + timedelta(seconds=exc.retry_after)
            return Outcome(row.id, row.recipient_id, dispatch.RETRY, str(exc), retry_at)
        except ChatMoved as exc:
            await self.d.store.run(move_chat, volunteer_id=row.recipient_id, chat_id=exc.chat_id)
            if job.moved:
                return Outcome(row.id, row.recipient_id, dispatch.FAILED, error=str(exc))
            job.moved = True
            self.pacer.push(chat_id, job, front=True)
            return None
        except Obsolete as exc:
            return Outcome(row.id, row.recipient_id, dispatch.SKIPPED, error=str(exc))
        except RecipientGone as exc:
            return Outcome(row.id, row.recipient_id, dispatch.GONE, error=str(exc))
        except Rejected as exc:
            log.warning("Telegram rejected outbox row %s (%s): %s", row.id, row.kind, exc)
            return Outcome(row.id, row.recipient_id, dispatch.FAILED, error=str(exc))
        return Outcome(row.id, row.recipient_id, dispatch.SENT)
