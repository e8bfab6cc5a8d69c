"""Review of the scheduler side: each test pins a defect found in review (see the report)."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import timedelta

import pytest
from sqlmodel import select

from data import dispatch
from data.clock import ManualClock
from data.db import Store
from data.models import Outbox
from data.policy import Policy
from scheduler.dispatcher import Dispatcher
from scheduler.notifier import Delivery
from scheduler.pacing import unpaced
from tests.harness import Harness
from tests.personas import COORDINATOR, LILEI
from tests.test_dispatch import LEASE, day_before, seats
from tests.test_review_findings import LIMIT, coordinator, post, take


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


async def test_the_blocked_volunteer_notice_fits_one_message_with_long_titles(
    harness: Harness,
) -> None:
    """The coordinator's "blocked the bot" notice lists up to 20 shifts; with long titles and
    places (200 characters each are allowed) it must still fit Telegram's 4096 characters."""
    boss = coordinator(harness)
    li = harness.given_registered(LILEI)
    title = "创城问卷宣传暨文明交通劝导志愿服务活动" * 10
    place = "秦州区民主路口东南角岗亭请提前十分钟到岗" * 10
    for n in range(25):
        take(harness, li.id, post(harness, boss, days=3 + n, title=title, location=place))
    harness.api.block(LILEI.telegram_id)
    harness.clock.advance(timedelta(days=2, hours=1))  # the first shift's 24 h reminder is due

    await harness.dispatch()

    told = harness.person(COORDINATOR).texts()
    assert len(told) == 1
    assert told[0].startswith("⚠️ 李雷 已屏蔽本机器人")
    assert len(told[0]) <= LIMIT


class HungTelegram:
    """A Bot API that accepts the connection and never answers."""

    def __init__(self) -> None:
        self.started = asyncio.Event()

    async def prepare(self, items: Sequence[Outbox]) -> None:
        return None

    async def deliver(self, item: Outbox) -> Delivery:
        self.started.set()
        await asyncio.Event().wait()
        raise AssertionError("unreachable")


async def test_stopping_does_not_wait_forever_on_a_hung_send(
    store: Store, clock: ManualClock
) -> None:
    """Shutting the bot down while Telegram hangs on a send ends within the stop grace; the
    hung message stays claimed and goes again after its lease (the one in flight at a stop)."""
    seats(store, clock, 1)
    day_before(clock)
    telegram = HungTelegram()
    dispatcher = Dispatcher(store, telegram, clock, Policy(), pacer=unpaced(), stop_grace=0.0)
    drain = asyncio.create_task(dispatcher.drain())
    await telegram.started.wait()

    # The bound only keeps a failing test from hanging the suite; the stop itself is immediate.
    await asyncio.wait_for(dispatcher.stop(), timeout=5)
    assert await drain == 0

    [row] = reminder_rows(store)
    assert row.state == "claimed"
    clock.advance(LEASE + timedelta(seconds=1))
    assert [
        r.id for r in store.call(dispatch.claim_due, now=clock.now(), lease=LEASE, limit=9)
    ] == [row.id]
