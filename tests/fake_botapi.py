"""Run the fake Bot API in a test and point a PTB bot at it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from telegram.ext import ExtBot

from demo.botapi.server import FakeBotAPI
from demo.botapi.shapes import message_dict


@asynccontextmanager
async def running(api: FakeBotAPI | None = None) -> AsyncIterator[FakeBotAPI]:
    """Start ``api`` (a new default one if None) on a free port; stop it afterwards."""
    fake = api or FakeBotAPI()
    await fake.start()
    try:
        yield fake
    finally:
        await fake.stop()


def bot_for(api: FakeBotAPI) -> ExtBot[None]:
    """A PTB bot that talks to ``api``; use it as ``async with bot_for(api) as bot``."""
    return ExtBot(api.token, base_url=api.base_url, base_file_url=api.base_file_url)


def user_edits_last_message(api: FakeBotAPI, user_id: int, new_text: str) -> None:
    """The user edits the newest message they sent in their private chat: Telegram queues an
    ``edited_message`` (the harness's ``deliver()`` hands it to the bot)."""
    mine = [m for m in api.chat(user_id).messages if not m.from_bot]
    raw = message_dict(api, mine[-1])
    raw |= {"text": new_text, "edit_date": raw["date"] + 30}
    if new_text.startswith("/"):
        command = new_text.split(maxsplit=1)[0]
        raw["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
    api.enqueue_update({"edited_message": raw})
