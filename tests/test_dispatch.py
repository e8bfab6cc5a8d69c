"""Claiming and recording outbox rows, on SQLite and PostgreSQL: a due row is claimed by one
claimer only, a crashed claim comes back after its lease, a held one is renewed, failures are
sorted as they should be."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Sequence
from datetime import timedelta

import pytest
from sqlmodel import select

from data import dispatch
from data.clock import ManualClock
from data.db import Store
from data.models import Outbox, Role, Volunteer
from data.policy import Policy
from data.signups import sign_up
from scheduler.dispatcher import Dispatcher
from scheduler.notifier import ChatMoved, Delivery, Rejected, RetryLater
from scheduler.pacing import Pacer, unpaced
from tests import domain_setup
from tests.personas import COORDINATOR, crowd, registered

LEASE = timedelta(minutes=2)


def seats(store: Store, clock: ManualClock, count: int) -> int:
    """``count`` volunteers on one shift two days ahead; returns the shift id."""
    with store.session() as session:
        head = registered(
            session=session, persona=COORDINATOR, now=clock.now(), role=Role.COORDINATOR
        )
        assert head.id is not None
        shift = domain_setup.shift(session, head.id, clock.now(), capacity=count)
        assert shift.id is not None
        for volunteer in crowd(count, first_id=100):
            person = registered(session=session, persona=volunteer, now=clock.now())
            assert person.id is not None
            sign_up(
                session=session,
                volunteer_id=person.id,
                shift_id=shift.id,
                now=clock.now(),
                policy=Policy(),
            )
        return shift.id


def day_before(clock: ManualClock) -> None:
    clock.advance(timedelta(days=1, minutes=1))  # the 24 h reminders are due, nothing else


def states(store: Store) -> dict[str, int]:
    with store.session() as session:
        rows = session.exec(select(Outbox)).all()
    found: dict[str, int] = {}
    for row in rows:
        found[row.state] = found.get(row.state, 0) + 1
    return found


def test_a_due_row_is_claimed_once_and_again_only_after_its_lease(
    store: Store, clock: ManualClock
) -> None:
    seats(store, clock, 3)
    assert store.call(dispatch.claim_due, now=clock.now(), lease=LEASE, limit=10) == []
    day_before(clock)

    first = store.call(dispatch.claim_due, now=clock.now(), lease=LEASE, limit=10)
    assert sorted(r.kind for r in first) == ["reminder:24h"] * 3
    assert store.call(dispatch.claim_due, now=clock.now(), lease=LEASE, limit=10) == []

    clock.advance(LEASE + timedelta(seconds=1))  # the claimer crashed: its lease runs out
    again = store.call(dispatch.claim_due, now=clock.now(), lease=LEASE, limit=10)
    assert sorted(r.id for r in again) == sorted(r.id for r in first)
    assert {r.attempts for r in again} == {2}


def test_racing_claimers_never_share_a_row(store: Store, clock: ManualClock) -> None:
    seats(store, clock, 40)
    day_before(clock)
    got: list[list[int]] = []
    lock = threading.Lock()

    def claimer() -> None:
        while rows := store.call(dispatch.claim_due, now=clock.now(), lease=LEASE, limit=3):
            with lock:
                got.append([r.id for r in rows if r.id is not None])

    threads = [threading.Thread(target=claimer) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    claimed = [i for batch in got for i in batch]
    assert len(claimed) == 40
    assert len(set(claimed)) == 40


class Telegram:
    """A stand-in for the Bot API side only: records sends, fails as told."""

    def __init__(self, failures: dict[int, list[Exception]] | None = None) -> None:
        self.sent: list[int] = []
        self.failures = failures or {}

    async def prepare(self, items: Sequence[Outbox]) -> None:
        return None

    async def deliver(self, item: Outbox) -> Delivery:
        assert item.id is not None
        queue = self.failures.get(item.recipient_id, [])
        if queue:
            raise queue.pop(0)
        self.sent.append(item.id)
        return Delivery(item.id)


def dispatcher(store: Store, clock: ManualClock, telegram: Telegram) -> Dispatcher:
    return Dispatcher(store, telegram, clock, Policy(), pacer=unpaced(), batch_size=7)


def recipient(store: Store, telegram_id: int) -> Volunteer:
    with store.session() as session:
        return session.exec(select(Volunteer).where(Volunteer.telegram_id == telegram_id)).one()


async def test_every_due_row_is_sent_once_across_batches(store: Store, clock: ManualClock) -> None:
    seats(store, clock, 30)
    day_before(clock)
    telegram = Telegram()
    assert await dispatcher(store, clock, telegram).drain() == 30
    assert len(set(telegram.sent)) == 30
    assert states(store) == {"sent": 30, "pending": 60}  # the 2 h reminders and check-in prompts
    assert await dispatcher(store, clock, telegram).drain() == 0


async def test_flood_control_is_waited_out_and_the_message_still_goes(
    store: Store, clock: ManualClock
) -> None:
    seats(store, clock, 2)
    day_before(clock)
    first = recipient(store, 100)
    assert first.id is not None
    telegram = Telegram({first.id: [RetryLater("429", 0.01), RetryLater("429", 0.01)]})
    assert await dispatcher(store, clock, telegram).drain() == 2


async def test_a_message_that_keeps_failing_goes_back_to_the_table_then_gives_up(
    store: Store, clock: ManualClock
) -> None:
    seats(store, clock, 1)
    day_before(clock)
    person = recipient(store, 100)
    assert person.id is not None
    telegram = Telegram({person.id: [RetryLater("network", 0.0)] * 100})
    assert await dispatcher(store, clock, telegram).drain() == 0
    with store.session() as session:
        row = session.exec(select(Outbox).where(Outbox.kind == "reminder:24h")).one()
    assert row.state == "pending"  # back in the table, due again a moment later
    for _ in range(dispatch.MAX_ATTEMPTS):
        clock.advance(timedelta(seconds=1))
        await dispatcher(store, clock, telegram).drain()
    with store.session() as session:
        row = session.exec(select(Outbox).where(Outbox.kind == "reminder:24h")).one()
    assert row.state == "failed"
    assert row.last_error is not None and "gave up" in row.last_error
    assert telegram.sent == []


async def test_a_rejected_message_fails_at_once_and_is_never_retried(
    store: Store, clock: ManualClock
) -> None:
    seats(store, clock, 1)
    day_before(clock)
    person = recipient(store, 100)
    assert person.id is not None
    telegram = Telegram({person.id: [Rejected("Bad Request: can't parse entities")]})
    assert await dispatcher(store, clock, telegram).drain() == 0
    clock.advance(timedelta(hours=1))
    assert await dispatcher(store, clock, telegram).drain() == 0
    with store.session() as session:
        row = session.exec(select(Outbox).where(Outbox.kind == "reminder:24h")).one()
    assert (row.state, row.last_error) == ("failed", "Bad Request: can't parse entities")


async def test_a_migrated_chat_is_followed_once(store: Store, clock: ManualClock) -> None:
    seats(store, clock, 1)
    day_before(clock)
    person = recipient(store, 100)
    assert person.id is not None
    telegram = Telegram({person.id: [ChatMoved("migrated", -100123)]})
    assert await dispatcher(store, clock, telegram).drain() == 1
    assert recipient(store, 100).chat_id == -100123


def reminder_rows(store: Store) -> list[Outbox]:
    with store.session() as session:
        return list(session.exec(select(Outbox).where(Outbox.kind == "reminder:24h")).all())


@pytest.mark.parametrize("late_result", [dispatch.RELEASED, dispatch.RETRY, dispatch.FAILED])
def test_a_late_outcome_of_an_expired_claim_does_not_undo_the_new_claim(
    store: Store, clock: ManualClock, late_result: str
) -> None:
    """A claim whose lease ran out (a slow send, a long per-chat queue) is taken again; the first
    claimer's late outcome must not hand the row back, or it is claimed and sent once more."""
    seats(store, clock, 1)
    day_before(clock)
    [first] = store.call(dispatch.claim_due, now=clock.now(), lease=LEASE, limit=10)
    clock.advance(LEASE + timedelta(seconds=1))
    [second] = store.call(dispatch.claim_due, now=clock.now(), lease=LEASE, limit=10)
    assert first.id == second.id and first.id is not None

    stale = dispatch.Outcome(
        first.id,
        first.recipient_id,
        late_result,
        error="late",
        retry_at=clock.now(),
        claim=first.claimed_until,
    )
    store.call(dispatch.record, outcomes=[stale], now=clock.now())
    fresh = dispatch.Outcome(
        second.id, second.recipient_id, dispatch.SENT, claim=second.claimed_until
    )
    store.call(dispatch.record, outcomes=[fresh], now=clock.now())

    [row] = reminder_rows(store)
    assert row.state == "sent"
    clock.advance(timedelta(minutes=10))
    assert store.call(dispatch.claim_due, now=clock.now(), lease=LEASE, limit=10) == []


def test_a_renewal_extends_only_the_claims_still_held(store: Store, clock: ManualClock) -> None:
    seats(store, clock, 2)
    day_before(clock)
    mine = store.call(dispatch.claim_due, now=clock.now(), lease=LEASE, limit=1)
    clock.advance(LEASE + timedelta(seconds=1))  # the first claim's lease ran out unrenewed
    theirs = store.call(dispatch.claim_due, now=clock.now(), lease=LEASE, limit=2)
    assert {r.id for r in mine} < {r.id for r in theirs}

    held = [(r.id, r.claimed_until) for r in [*mine, *theirs] if r.id and r.claimed_until]
    kept, until = store.call(dispatch.renew, held=held, now=clock.now(), lease=LEASE)
    assert kept == {r.id for r in theirs}  # the stale token of the first claim renews nothing
    assert until == clock.now() + LEASE
    clock.advance(LEASE - timedelta(seconds=1))  # past the claim's lease, within the renewal's
    assert store.call(dispatch.claim_due, now=clock.now(), lease=LEASE, limit=10) == []


class SlowTelegram(Telegram):
    """Each send waits until the test lets it go: the queue behind it outlives its lease."""

    def __init__(self) -> None:
        super().__init__()
        self.go = asyncio.Event()

    async def deliver(self, item: Outbox) -> Delivery:
        await self.go.wait()
        return await super().deliver(item)


async def test_a_slow_queue_keeps_its_claims_by_renewing_them(
    store: Store, clock: ManualClock
) -> None:
    seats(store, clock, 5)
    day_before(clock)
    telegram = SlowTelegram()
    slow = Dispatcher(
        store, telegram, clock, Policy(), pacer=unpaced(), concurrency=1, renew_every=0.01
    )
    draining = asyncio.create_task(slow.drain())
    for _ in range(5):  # three leases pass while the first send hangs; each is renewed
        clock.advance(Policy().claim_lease)
        await asyncio.sleep(0.1)
        assert store.call(dispatch.claim_due, now=clock.now(), lease=LEASE, limit=10) == []
    telegram.go.set()
    assert await draining == 5
    assert sorted(telegram.sent) == sorted(set(telegram.sent)) and len(telegram.sent) == 5


def test_a_claim_takes_a_few_seconds_of_paced_sending(store: Store, clock: ManualClock) -> None:
    paced = Dispatcher(store, Telegram(), clock, Policy(), pacer=Pacer(), batch_size=200)
    assert paced.claim_size == 3 * 29
    assert dispatcher(store, clock, Telegram()).claim_size == 7  # unpaced: the batch
