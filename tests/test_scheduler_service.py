"""The scheduler as the application runs it: APScheduler in the bot's loop with its jobs under
stable ids, a kick that sends owed messages at once, ``run_all_now`` for the demo's clock, and a
clean stop."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import timedelta

from bot.scheduling import SCHEDULER_KEY, start_scheduler, stop_scheduler
from data import dispatch
from data.clock import ManualClock
from data.db import Store
from data.models import Outbox
from data.policy import Policy
from data.shift_changes import ShiftChanges, edit_shift
from scheduler.dispatcher import Dispatcher
from scheduler.notifier import Delivery
from scheduler.pacing import unpaced
from scheduler.service import SchedulerService
from tests.harness import Harness
from tests.personas import COORDINATOR, EMMA, LILEI
from tests.test_dispatch import LEASE, day_before, reminder_rows, seats
from tests.test_reminders import STARTS_IN, post
from tests.test_reminders_answers import sent_to


async def test_the_jobs_run_in_the_bots_loop_under_stable_ids(harness: Harness) -> None:
    await start_scheduler(harness.app)
    try:
        service: SchedulerService = harness.app.bot_data[SCHEDULER_KEY]
        jobs = {job.id: job for job in service.scheduler.get_jobs()}
        assert "dispatch" in jobs
        assert set(jobs) <= {
            "dispatch",
            "close_attendance",
            "materialise",
            "forget_idle_dialogues",
            "queue_digests",
            "digest",
        }
        for job in jobs.values():
            assert job.coalesce is True
            assert job.misfire_grace_time > 0
            assert str(job.trigger.timezone) == "Asia/Shanghai"
        assert service.scheduler.timezone.key == "Asia/Shanghai"
    finally:
        await stop_scheduler(harness.app)
    assert SCHEDULER_KEY not in harness.app.bot_data


async def test_a_kick_sends_an_owed_message_at_once(harness: Harness) -> None:
    shift_id = post(harness, capacity=1)
    harness.given_signed_up(LILEI, shift_id)
    harness.given_signed_up(EMMA, shift_id)  # waitlisted
    await start_scheduler(harness.app)
    try:
        head = harness.given_registered(COORDINATOR)
        with harness.store.session() as session:  # one more seat: Emma moves up
            edit_shift(
                session=session,
                actor_id=head.id,
                shift_id=shift_id,
                changes=ShiftChanges(capacity=2),
                now=harness.clock.now(),
                policy=harness.services.policy,
            )
        harness.services.kick()  # what a handler does after such a change
        await harness.api.wait_for(lambda: len(sent_to(harness, EMMA)) == 1, timeout=5)
        assert sent_to(harness, EMMA)[0].startswith("🎉 A seat opened up")
    finally:
        await stop_scheduler(harness.app)


async def test_run_all_now_sends_what_the_moved_clock_made_due(harness: Harness) -> None:
    start = harness.clock.now()
    shift_id = post(harness)
    harness.given_signed_up(LILEI, shift_id)
    await start_scheduler(harness.app)
    try:
        service: SchedulerService = harness.app.bot_data[SCHEDULER_KEY]
        harness.clock.set(start + STARTS_IN - timedelta(hours=24))
        results = await service.run_all_now()
        assert set(results) >= {"dispatch"}
        assert len(sent_to(harness, LILEI)) == 1  # sent by the time run_all_now returns
        assert (await service.run_all_now())["dispatch"] == 0
        assert len(sent_to(harness, LILEI)) == 1
    finally:
        await stop_scheduler(harness.app)
    harness.services.kick()  # after the stop, a kick does nothing and breaks nothing


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
