"""One place for wiring: build the PTB ``Application`` with every handler in a visible order."""

from __future__ import annotations

import logging
from typing import Any

from telegram.ext import AIORateLimiter, Application, ContextTypes

from bot.context import SERVICES_KEY, ShiftContext
from bot.handlers.common import fallbacks as common
from bot.menus import set_default_menus
from bot.services import Services, policy_from
from bot.types import App
from data.clock import Clock, SystemClock
from data.config import Settings
from data.db import Store, make_engine

log = logging.getLogger(__name__)


def file_url_for(api_base_url: str) -> str:
    """``…/bot`` → ``…/file/bot``, the Bot API's file download base."""
    if api_base_url.endswith("/bot"):
        return api_base_url[: -len("/bot")] + "/file/bot"
    return api_base_url.rstrip("/") + "/file/bot"


def build_services(
    settings: Settings, *, clock: Clock | None = None, store: Store | None = None
) -> Services:
    return Services(
        store=store or Store(make_engine(settings.database_url)),
        clock=clock or SystemClock(),
        settings=settings,
        policy=policy_from(settings),
    )


def build_application(
    settings: Settings, services: Services, *, scheduler: bool = True, rate_limiter: bool = True
) -> App:
    """The bot: handlers by audience, catch-alls last, the scheduler started with it."""
    if not settings.token:
        raise ValueError("a bot token is required")
    builder = (
        Application.builder()
        .token(settings.token)
        .base_url(settings.api_base_url)
        .base_file_url(file_url_for(settings.api_base_url))
        .context_types(ContextTypes(context=ShiftContext))
        .post_init(_post_init)
        .post_shutdown(_post_shutdown)
    )
    if rate_limiter:
        # Overall and group limits; per-chat pacing and retries of owed messages are the dispatcher's.
        limiter = AIORateLimiter(max_retries=2)
        builder = builder.rate_limiter(limiter)  # type: ignore[arg-type]
    app: App = builder.build()
    app.bot_data[SERVICES_KEY] = services
    app.bot_data["with_scheduler"] = scheduler
    add_handlers(app)
    return app


def add_handlers(app: App) -> None:
    # Order matters: identify and the private-chat guard run first (negative groups); feature
    # handlers share group 0, where the first match wins; catch-alls come last.
    common.register_first(app)
    for module in _feature_modules():
        module.register(app)
    common.register_last(app)


def _feature_modules() -> list[Any]:
    from bot.handlers import features

    return list(features.MODULES)


async def _post_init(app: App) -> None:
    services: Services = app.bot_data[SERVICES_KEY]
    await set_default_menus(app.bot, services.settings.default_language)
    if app.bot_data.get("with_scheduler"):
        from bot.scheduling import start_scheduler

        await start_scheduler(app)


async def _post_shutdown(app: App) -> None:
    if app.bot_data.get("with_scheduler"):
        from bot.scheduling import stop_scheduler

        await stop_scheduler(app)
