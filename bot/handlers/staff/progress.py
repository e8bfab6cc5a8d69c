"""A message that shows how far a worker thread has got ("正在生成… 40 %"), edited in place.

A year's workbook takes seconds and its writer reports hundreds of times; Telegram allows about
one edit a second in a chat. So the message is edited at most once every ``EVERY`` seconds, only
when the percentage changed, and never while the previous edit is still on its way.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from concurrent.futures import Future

from telegram import Chat, Message
from telegram.error import TelegramError

log = logging.getLogger(__name__)

EVERY = 2.0  # seconds between two edits at most


class ProgressMessage:
    """Sent on the event loop; :meth:`report` is called from the worker thread."""

    def __init__(self, message: Message, text: Callable[[int], str]) -> None:
        self.message, self.text = message, text
        self.loop = asyncio.get_running_loop()
        self.shown, self.edited_at = 0, time.monotonic()
        self.pending: Future[None] | None = None

    @classmethod
    async def send(cls, chat: Chat, text: Callable[[int], str]) -> ProgressMessage:
        """Post the message at 0 %; ``text(percent)`` renders it."""
        return cls(await chat.send_message(text(0)), text)

    def report(self, done: int, total: int) -> None:
        """``done`` of ``total`` finished: schedule an edit on the loop if one is due."""
        percent = done * 100 // max(total, 1)
        now = time.monotonic()
        busy = self.pending is not None and not self.pending.done()
        if percent == self.shown or busy or now - self.edited_at < EVERY:
            return
        self.shown, self.edited_at = percent, now
        self.pending = asyncio.run_coroutine_threadsafe(self._edit(percent), self.loop)

    async def _edit(self, percent: int) -> None:
        try:
            await self.message.edit_text(self.text(percent))
        except TelegramError as error:  # a figure not shown is harmless; the file still comes
            log.info("progress %d %% not shown: %s", percent, error)

    async def settle(self) -> None:
        """Wait for the edit on its way, so that what follows arrives after it."""
        if self.pending is not None:
            await asyncio.wrap_future(self.pending)

    async def remove(self) -> None:
        """Delete the message once the work is done (or failed): the result speaks for itself."""
        await self.settle()
        try:
            await self.message.delete()
        except TelegramError as error:
            log.info("progress message not deleted: %s", error)
