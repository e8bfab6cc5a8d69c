"""Updates handled concurrently, each chat's in the order they came.

PTB handles one update at a time by default, so one slow reply (a database write waiting for
the lock, a send Telegram holds up) delays every other person's. With
``concurrent_updates(True)`` it would handle them all at once, in no particular order, and a
wizard's second answer could overtake its first. Dialogue state is read from the database at
the start of each update (``bot/conversation.py``), so what keeps a wizard's steps in order is
that one chat's updates never overlap: each waits for the one before it in the same chat.

Updates without a chat (a press on a message sent inline) are keyed by the user instead; a
private chat's id is its user's id, so those still queue behind the user's private messages,
as their dialogues are shared (``identify`` keys them the same way).
"""

from __future__ import annotations

import asyncio
import inspect
import time
from collections.abc import Awaitable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

from bot.runtime.logs import UPDATE_ID
from bot.runtime.metrics import update_handled

# PTB's own semaphore admits an update before ``do_process_update`` runs. An update waiting for
# its chat must not hold one of the running places, or one busy chat would block the others: so
# PTB's bound only caps the updates in hand, and ours caps those running.
ADMITTED = 10_000


def order_key(update: object) -> int | None:
    """The chat whose updates go one at a time (its user when there is none); None: any order."""
    if not isinstance(update, Update):
        return None
    if update.effective_chat is not None:
        return update.effective_chat.id
    if update.effective_user is not None:
        return update.effective_user.id
    return None


class ChatOrderedProcessor(BaseUpdateProcessor):
    """At most ``running`` updates at once; within one chat, one at a time in arrival order."""

    def __init__(self, running: int) -> None:
        super().__init__(ADMITTED)
        self.running = running
        self._places = asyncio.Semaphore(running)  # binds to a loop on first use, not here
        self._last: dict[int, asyncio.Event] = {}  # per chat: set when its newest update is done

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        self._last.clear()

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        key = order_key(update)
        previous = self._last.get(key) if key is not None else None
        done = asyncio.Event()
        if key is not None:
            # Registered before the first await: PTB starts the updates' tasks in arrival order.
            self._last[key] = done
        started, arrived = False, time.monotonic()
        # Logs of this update carry its id (PTB gives each update a task; reset all the same).
        marked = UPDATE_ID.set(update.update_id if isinstance(update, Update) else None)
        try:
            if previous is not None:
                await previous.wait()
            async with self._places:
                started = True
                await coroutine
            update_handled(time.monotonic() - arrived)
        finally:
            if not started and inspect.iscoroutine(coroutine):
                coroutine.close()  # cancelled while it waited: never awaited, and that is fine
            UPDATE_ID.reset(marked)
            done.set()
            if key is not None and self._last.get(key) is done:
                del self._last[key]

    def waiting_chats(self) -> int:
        """Chats with an update in hand (running or queued behind another of theirs)."""
        return len(self._last)
