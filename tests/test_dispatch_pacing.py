"""Pacing against a fake Telegram that enforces its flood limits (30 messages/s overall, 1/s per
chat) on a virtual clock shared with the dispatcher: 3,000 reminders all arrive, without a 429."""

from __future__ import annotations

import asyncio
import itertools
from collections import defaultdict
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from telegram.ext import ExtBot
from telegram.request import HTTPXRequest

from bot.notices.notifier import BotNotifier
from data import outbox
from data.clock import ManualClock
from data.db import Store, make_engine
from data.models import Role
from data.policy import Policy
from demo.botapi import FakeBotAPI, RateLimits
from scheduler.dispatcher import Dispatcher
from scheduler.pacing import Pacer
from tests import domain_setup
from tests.harness import START
from tests.personas import COORDINATOR, crowd, registered

PEOPLE, SHIFTS = 600, 5  # 3,000 reminders, five to each chat


class CountingRequest(HTTPXRequest):
    """PTB's HTTP transport, counting the Bot API calls made through it."""

    def __init__(self) -> None:
        super().__init__(connection_pool_size=8)
        self.made = 0

    async def do_request(self, *args: Any, **kwargs: Any) -> tuple[int, bytes]:
        self.made += 1
        return await super().do_request(*args, **kwargs)


@dataclass
class VirtualTime:
    """Seconds that pass only when the dispatcher sleeps, and only once the fake has handled
    every call made so far: a call reaches the fake at exactly the virtual instant it was made."""

    transport: CountingRequest
    api: FakeBotAPI | None = None
    now: float = 0.0

    def monotonic(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        for _ in range(3):  # let sends just started reach the transport
            await asyncio.sleep(0)
        api = self.api
        assert api is not None
        await api.wait_for(lambda: len(api.requests) >= self.transport.made)
        self.now += max(0.0, seconds)


@pytest.fixture
async def limited() -> AsyncIterator[tuple[FakeBotAPI, VirtualTime]]:
    time = VirtualTime(CountingRequest())
    limits = RateLimits(per_second_global=30, per_chat_per_second=1.0)
    api = time.api = FakeBotAPI(limits=limits, clock=time.monotonic)
    await api.start()
    yield api, time
    await api.stop()


def programme(store: Store, clock: ManualClock, api: FakeBotAPI) -> None:
    """600 volunteers, each owed the day-before reminder of five Saturday shifts, now due."""
    with store.session() as session:
        head = registered(
            session=session, persona=COORDINATOR, now=clock.now(), role=Role.COORDINATOR
        )
        assert head.id is not None
        shifts = [
            domain_setup.shift(
                session, head.id, clock.now(), starts_in=timedelta(days=4, hours=3 * n), capacity=9
            )
            for n in range(SHIFTS)
        ]
        for volunteer in crowd(PEOPLE, first_id=10_000):
            person = registered(session=session, persona=volunteer, now=clock.now())
            api.add_user(volunteer.telegram_id, volunteer.first_name)
            assert person.id is not None
            for shift in shifts:
                assert shift.id is not None
                outbox.owe(
                    session=session,
                    kind=outbox.reminder_kind(timedelta(hours=24)),
                    recipient_id=person.id,
                    ref=str(shift.id),
                    due_at=shift.starts_at - timedelta(hours=24),
                    now=clock.now(),
                    shift_id=shift.id,
                )
    clock.advance(timedelta(days=3, hours=3 * (SHIFTS - 1), minutes=1))


@pytest.mark.slow
async def test_three_thousand_reminders_arrive_within_telegrams_limits(
    sqlite_url: str, limited: tuple[FakeBotAPI, VirtualTime]
) -> None:
    api, time = limited
    store, clock = Store(make_engine(sqlite_url)), ManualClock(START)
    programme(store, clock, api)
    async with ExtBot(api.token, base_url=api.base_url, request=time.transport) as bot:
        notifier = BotNotifier(bot, store, "zh")
        pacer: Pacer[object] = Pacer(monotonic=time.monotonic)
        dispatcher = Dispatcher(store, notifier, clock, Policy(), pacer=pacer, sleep=time.sleep)
        sent = await dispatcher.drain()
    store.engine.dispose()

    sends = [r for r in api.requests if r.method == "sendMessage"]
    ok = [r for r in sends if r.status == 200]
    assert sent == len(ok) == PEOPLE * SHIFTS
    assert [r for r in sends if r.status == 429] == []
    assert len({(r.chat_id, r.params["text"]) for r in ok}) == PEOPLE * SHIFTS  # none twice

    # Read the limits back from the request log, independently of the fake's own check.
    times = sorted(r.t for r in ok)
    assert min(b - a for a, b in zip(times, times[30:], strict=False)) >= 1.0  # ≤ 30 in any 1 s
    by_chat: dict[object, list[float]] = defaultdict(list)
    for r in ok:
        by_chat[r.chat_id].append(r.t)
    assert min(b - a for ts in by_chat.values() for a, b in itertools.pairwise(ts)) >= 1.0
    rate = len(ok) / (times[-1] - times[0])
    assert rate >= 0.95 * 30, f"only {rate:.1f} messages/s"
