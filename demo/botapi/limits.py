"""Telegram's flood limits, counted in sliding windows on an injected clock.

Only sends count (sendMessage, sendDocument, sendPhoto, sendLocation), not edits or answers.
Per chat, at most ``burst_per_chat`` sends fit in any window of
``burst_per_chat / per_chat_per_second`` seconds (burst 1: one a second); a group also allows
``per_group_per_minute`` sends in any 60 s; all chats together ``per_second_global`` in any 1 s.
"""

from __future__ import annotations

import math
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class RateLimits:
    """The limits; the defaults are Telegram's published ones."""

    per_second_global: int = 30
    per_chat_per_second: float = 1.0
    per_group_per_minute: int = 20
    burst_per_chat: int = 1


def _retry_after(window: deque[float], allowed: float, span: float, now: float) -> int | None:
    while window and window[0] <= now - span:
        window.popleft()
    if len(window) < allowed:
        return None
    # The oldest send inside the window must leave it before another fits.
    return max(1, math.ceil(window[0] + span - now))


class RateLimiter:
    """Tells how long a send must wait, and records the sends that went out."""

    def __init__(self, limits: RateLimits, clock: Callable[[], float]) -> None:
        self.limits = limits
        self.clock = clock
        self._global: deque[float] = deque()
        self._chat: defaultdict[int, deque[float]] = defaultdict(deque)
        self._group: defaultdict[int, deque[float]] = defaultdict(deque)

    def retry_after(self, chat_id: int, *, is_group: bool) -> int | None:
        """Seconds to wait before this send would be accepted, or None if it may go now."""
        now, lim = self.clock(), self.limits
        chat_span = lim.burst_per_chat / lim.per_chat_per_second
        waits = [
            _retry_after(self._global, lim.per_second_global, 1.0, now),
            _retry_after(self._chat[chat_id], lim.burst_per_chat, chat_span, now),
        ]
        if is_group:
            waits.append(_retry_after(self._group[chat_id], lim.per_group_per_minute, 60.0, now))
        found = [w for w in waits if w is not None]
        return max(found) if found else None

    def record(self, chat_id: int, *, is_group: bool) -> None:
        """Count one accepted send."""
        now = self.clock()
        self._global.append(now)
        self._chat[chat_id].append(now)
        if is_group:
            self._group[chat_id].append(now)
