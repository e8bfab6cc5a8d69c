"""Fan the fake Telegram's chat events out to every open page, each message stamped with demo time."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from datetime import datetime
from typing import Any

from demo.botapi import FakeBotAPI, SentMessage

Event = dict[str, Any]


class EventHub:
    """One subscription to the fake Bot API, copied to one queue per connected page.

    A page that goes away leaves its queue behind (``leave``), so reloads do not pile up queues.
    Each message keeps the demo-clock instant at which it first appeared, so bubbles show the time
    the story is at, not the wall clock.
    """

    def __init__(self, api: FakeBotAPI, now: Callable[[], datetime]) -> None:
        self.api = api
        self.now = now
        self._pages: set[asyncio.Queue[Event | None]] = set()
        self._times: dict[tuple[int, int], str] = {}
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        source = self.api.subscribe()
        self._task = asyncio.create_task(self._pump(source), name="demo-event-hub")

    def end_streams(self) -> None:
        """Tell every open event stream to finish (the server is stopping)."""
        for page in self._pages:
            page.put_nowait(None)

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    def join(self) -> asyncio.Queue[Event | None]:
        page: asyncio.Queue[Event | None] = asyncio.Queue()
        self._pages.add(page)
        return page

    def leave(self, page: asyncio.Queue[Event | None]) -> None:
        self._pages.discard(page)

    @property
    def pages(self) -> int:
        return len(self._pages)

    def broadcast(self, event: Event) -> None:
        for page in self._pages:
            page.put_nowait(event)

    async def _pump(self, source: asyncio.Queue[dict[str, Any]]) -> None:
        while True:
            event = dict(await source.get())
            message = event.get("message")
            if isinstance(message, dict):
                event["message"] = self._stamped(message)
            self.broadcast(event)

    def message_json(self, message: SentMessage) -> dict[str, Any]:
        """A message as the page draws it."""
        return self._stamped(message.serialise())

    def _stamped(self, message: dict[str, Any]) -> dict[str, Any]:
        key = (int(message["chat_id"]), int(message["message_id"]))
        message["time"] = self._times.setdefault(key, self.now().isoformat())
        for kind in ("document", "photo"):
            media = message.get(kind)
            if media:
                media["url"] = f"/api/files/{media['file_id']}"
        return message
