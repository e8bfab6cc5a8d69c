"""Simulated users for ``bench/interactive.py``: send updates to the fake Bot API, time replies.

A reply is the bot's first sendMessage or editMessageText to the chat after an update: each
chat keeps a FIFO of its unanswered send instants, and the fake's request log is read as it grows
(``Replies.notice`` runs on every call the fake handles).
"""

from __future__ import annotations

import asyncio
import random
import statistics
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from demo.botapi import FakeBotAPI

REPLY_METHODS = ("sendMessage", "editMessageText", "sendDocument")


class Replies:
    """Matches the bot's replies to the updates users sent, per chat, in order."""

    def __init__(self, api: FakeBotAPI) -> None:
        self.api = api
        self.seen = len(api.requests)
        self.waiting: dict[int, deque[float]] = {}
        self.answered: dict[int, asyncio.Event] = {}
        self.latencies: list[float] = []
        self.recording = True

    def sent(self, chat_id: int, at: float) -> asyncio.Event:
        self.waiting.setdefault(chat_id, deque()).append(at)
        event = self.answered.setdefault(chat_id, asyncio.Event())
        event.clear()
        return event

    def notice(self) -> None:
        requests = self.api.requests
        for record in requests[self.seen :]:
            if record.method not in REPLY_METHODS or record.status != 200:
                continue
            queue = self.waiting.get(int(str(record.chat_id)))
            if not queue:
                continue  # a second message for one update, or the menu set-up
            started = queue.popleft()
            if self.recording:
                self.latencies.append(record.t - started)
            if not queue:
                self.answered[int(str(record.chat_id))].set()
        self.seen = len(requests)

    def outstanding(self) -> int:
        return sum(len(q) for q in self.waiting.values())


class ObservedAPI(FakeBotAPI):
    """The fake Bot API telling a :class:`Replies` about every call it handles."""

    replies: Replies | None = None

    def notify(self) -> None:
        super().notify()
        if self.replies is not None:
            self.replies.notice()


@dataclass
class Figures:
    replies: int
    seconds: float
    latencies: list[float] = field(default_factory=list)
    cpu: float | None = None  # the bot's CPU seconds meanwhile, warm-up included
    handled: int = 0  # replies, warm-up included

    @property
    def rate(self) -> float:
        return self.replies / self.seconds

    def percentile(self, p: float) -> float:
        ordered = sorted(self.latencies)
        if not ordered:
            return float("nan")
        return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))]

    def line(self) -> str:
        p50, p95, p99 = (self.percentile(p) * 1000 for p in (50, 95, 99))
        return (
            f"{self.rate:7.1f} replies/s; reply p50 {p50:6.1f} ms, p95 {p95:6.1f} ms, "
            f"p99 {p99:6.1f} ms ({self.replies} replies in {self.seconds:.1f} s)"
        ) + (f"; bot CPU {self.cpu_per_reply * 1000:.2f} ms/reply" if self.cpu is not None else "")

    @property
    def cpu_per_reply(self) -> float:
        return (self.cpu or 0.0) / max(1, self.handled or self.replies)


Say = Callable[[int, int], str]
"""What user ``user_id`` sends as their ``n``-th update."""


async def closed_loop(
    api: ObservedAPI, users: Sequence[int], say: Say, *, seconds: float, warmup: float
) -> Figures:
    """Each user sends, waits for the reply, sends again; replies counted after ``warmup``."""
    loop = asyncio.get_running_loop()
    replies = api.replies = Replies(api)
    replies.recording = False
    stop = loop.time() + warmup + seconds
    done = handled = 0

    async def user(user_id: int) -> None:
        nonlocal done, handled
        n = 0
        while loop.time() < stop:
            answered = replies.sent(user_id, loop.time())
            api.user_sends(user_id, say(user_id, n))
            await answered.wait()
            n += 1
            done += replies.recording
            handled += 1

    tasks = [asyncio.create_task(user(u)) for u in users]
    await asyncio.sleep(warmup)
    replies.recording = True
    started = loop.time()
    await asyncio.gather(*tasks)
    return Figures(done, loop.time() - started, replies.latencies, handled=handled)


async def open_loop(
    api: ObservedAPI, users: Sequence[int], say: Say, *, rate: float, seconds: float, seed: int = 1
) -> Figures:
    """Updates arrive at random (Poisson, ``rate`` per second) from random users."""
    loop = asyncio.get_running_loop()
    replies = api.replies = Replies(api)
    chance = random.Random(seed)
    started = loop.time()
    next_at, sent = started, 0
    while next_at < started + seconds:
        await asyncio.sleep(max(0.0, next_at - loop.time()))
        user_id = chance.choice(users)
        replies.sent(user_id, loop.time())
        api.user_sends(user_id, say(user_id, sent))
        sent += 1
        next_at += chance.expovariate(rate)
    await api.wait_for(lambda: replies.outstanding() == 0, timeout=30)
    return Figures(len(replies.latencies), seconds, replies.latencies)


def median_ms(samples: Sequence[float]) -> float:
    return statistics.median(samples) * 1000
