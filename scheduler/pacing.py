"""When each send may go: at most one message a second per chat and 29 in any second overall.

Telegram answers 429 past about 30 messages/s overall or 1/s to one chat. ``Pacer`` keeps one
queue per chat and hands out the send whose chat is free soonest, so a chat that must wait never
holds back the others.

- Overall: at most ``per_second`` sends start in any one-second window (one under Telegram's 30,
  so a send delayed on its way still finds room), never closer together than ``min_gap``. A send
  that started late (the loop was busy) is made up for by the next, so throughput stays at the
  limit instead of losing every timer's overshoot.
- Per chat: the next message to a chat waits ``chat_interval`` after the previous one *finished*,
  so it cannot reach Telegram within a second of it, however late that one went out.

Time is injected (``monotonic``; the dispatcher also takes ``sleep``) so tests run it on a
virtual clock.
"""

from __future__ import annotations

import heapq
import itertools
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

T = TypeVar("T")

DEFAULT_PER_SECOND = 29
DEFAULT_CHAT_INTERVAL = 1.02  # a hair over 1 s: the same instant read on both sides may differ

Monotonic = Callable[[], float]


@dataclass
class Pacer(Generic[T]):
    """Per-chat FIFO queues released in paced slots; ``per_second=None`` and interval 0 turn it off."""

    monotonic: Monotonic = time.monotonic
    per_second: int | None = DEFAULT_PER_SECOND
    chat_interval: float = DEFAULT_CHAT_INTERVAL
    _queues: dict[int, deque[T]] = field(default_factory=dict)
    _heap: list[tuple[float, int, int]] = field(default_factory=list)
    _chat_next: dict[int, float] = field(default_factory=dict)
    _busy: set[int] = field(default_factory=set)
    _starts: deque[float] = field(default_factory=deque)  # the last ``per_second`` slots
    _hold_until: float = 0.0
    _size: int = 0
    _seq: itertools.count[int] = field(default_factory=itertools.count)

    @property
    def min_gap(self) -> float:
        # Catching up after a late send may go a little faster than the average, not in a burst.
        return 0.8 / self.per_second if self.per_second else 0.0

    def __len__(self) -> int:
        return self._size

    def push(self, chat_id: int, item: T, *, front: bool = False) -> None:
        """Queue ``item`` for ``chat_id`` (at the front when it is a retry)."""
        queue = self._queues.get(chat_id)
        if queue is None:
            queue = self._queues[chat_id] = deque()
            if chat_id not in self._busy:
                self._schedule(chat_id)
        if front:
            queue.appendleft(item)
        else:
            queue.append(item)
        self._size += 1

    def _schedule(self, chat_id: int) -> None:
        heapq.heappush(self._heap, (self._chat_next.get(chat_id, 0.0), next(self._seq), chat_id))

    def _overall_ready(self) -> float:
        ready = self._hold_until
        if self._starts:
            ready = max(ready, self._starts[-1] + self.min_gap)
        if self.per_second and len(self._starts) >= self.per_second:
            ready = max(ready, self._starts[0] + 1.0)
        return ready

    def next_slot(self) -> float | None:
        """The earliest instant (``monotonic`` time) the next send may go, or None if none can."""
        while self._heap:
            ready, _, chat_id = self._heap[0]
            if ready < self._chat_next.get(chat_id, 0.0):
                # Held back since it was queued (a 429): requeue at its new time.
                heapq.heapreplace(self._heap, (self._chat_next[chat_id], next(self._seq), chat_id))
                continue
            return max(ready, self._overall_ready(), self.monotonic())
        return None

    def pop(self) -> tuple[float, int, T] | None:
        """Take the next send and reserve its slot; its chat is busy until :meth:`done`."""
        slot = self.next_slot()
        if slot is None:
            return None
        _, _, chat_id = heapq.heappop(self._heap)
        queue = self._queues[chat_id]
        item = queue.popleft()
        self._size -= 1
        if not queue:
            del self._queues[chat_id]
        self._busy.add(chat_id)
        if self.per_second:
            self._starts.append(slot)
            while len(self._starts) > self.per_second:
                self._starts.popleft()
        return slot, chat_id, item

    def done(self, chat_id: int) -> None:
        """The send to ``chat_id`` finished: its next message may go ``chat_interval`` from now."""
        self._busy.discard(chat_id)
        if self.chat_interval:
            until = self.monotonic() + self.chat_interval
            self._chat_next[chat_id] = max(self._chat_next.get(chat_id, 0.0), until)
        if chat_id in self._queues:
            self._schedule(chat_id)
        self._forget_idle()

    def clear(self) -> list[tuple[int, T]]:
        """Take every queued item out (when stopping), oldest first per chat."""
        items = [(chat_id, item) for chat_id, queue in self._queues.items() for item in queue]
        self._queues.clear()
        self._heap.clear()
        self._size = 0
        return items

    def hold(self, chat_id: int, seconds: float) -> None:
        """Telegram asked us to wait (429): nothing to this chat, nor to anyone, for ``seconds``."""
        until = self.monotonic() + seconds
        self._chat_next[chat_id] = max(self._chat_next.get(chat_id, 0.0), until)
        self._hold_until = max(self._hold_until, until)

    def _forget_idle(self) -> None:
        # Keep the per-chat memory small: a chat whose interval has passed needs no entry.
        if len(self._chat_next) > 10_000:
            now = self.monotonic()
            for chat_id in [c for c, t in self._chat_next.items() if t <= now]:
                if chat_id not in self._busy and chat_id not in self._queues:
                    del self._chat_next[chat_id]


def unpaced(monotonic: Monotonic = time.monotonic) -> Pacer[T]:
    """A pacer that never waits: for fakes without limits and throughput measurements."""
    return Pacer(monotonic=monotonic, per_second=None, chat_interval=0.0)
