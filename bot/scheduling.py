"""Start and stop the scheduler with the application (post-init / post-shutdown hooks)."""

from __future__ import annotations

from bot.types import App


async def start_scheduler(app: App) -> None:
    """Placeholder until the scheduler lands: nothing runs on a timer yet."""


async def stop_scheduler(app: App) -> None:
    """Placeholder until the scheduler lands."""
