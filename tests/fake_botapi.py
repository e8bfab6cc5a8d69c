"""Run the fake Bot API in a test and point a PTB bot at it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from telegram.ext import ExtBot

from demo.botapi.server import FakeBotAPI


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
