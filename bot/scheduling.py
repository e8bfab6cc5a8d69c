"""Start and stop the scheduler with the application (post-init / post-shutdown hooks), and the
dispatcher it drives. ``bot/worker.py`` runs the same scheduler alone, without polling.
"""

from __future__ import annotations

import logging

from telegram import Bot
from telegram.ext import ExtBot

from bot.context import SERVICES_KEY
from bot.notices.notifier import BotNotifier
from bot.services import Services
from bot.transport import AiohttpRequest, file_url_for
from bot.types import App
from data.config import Settings
from scheduler.deps import JobDeps
from scheduler.dispatcher import Dispatcher
from scheduler.jobs import JOBS
from scheduler.pacing import Pacer, unpaced
from scheduler.service import SchedulerService

SCHEDULER_KEY = "scheduler"
DISPATCH_BOT_KEY = "dispatch_bot"
log = logging.getLogger(__name__)


def make_dispatcher(
    app: App,
    *,
    bot: Bot | None = None,
    paced: bool = True,
    concurrency: int = 32,
    batch_size: int = 200,
) -> Dispatcher:
    """A dispatcher sending through ``bot`` (default: the application's), paced to Telegram's limits."""
    services: Services = app.bot_data[SERVICES_KEY]
    notifier = BotNotifier(
        bot or app.bot, services.store, services.settings.default_language, services.clock
    )
    return Dispatcher(
        services.store,
        notifier,
        services.clock,
        services.policy,
        pacer=Pacer() if paced else unpaced(),
        concurrency=concurrency,
        batch_size=batch_size,
    )


def dispatch_bot(app: App) -> ExtBot[None]:
    """The bot the dispatcher sends with: the application's token and API, on the aiohttp backend
    (see ``bot.transport``), and without PTB's AIORateLimiter: the dispatcher paces itself to the
    message, and the limiter's queueing bunched its sends into 429s (25 in 3,000, measured)."""
    settings: Settings = app.bot_data[SERVICES_KEY].settings
    return ExtBot(
        settings.token or "",
        base_url=settings.api_base_url,
        base_file_url=file_url_for(settings.api_base_url),
        request=AiohttpRequest(),
    )


def make_service(app: App, dispatcher: Dispatcher) -> SchedulerService:
    services: Services = app.bot_data[SERVICES_KEY]
    deps = JobDeps(services.store, services.clock, dispatcher.policy, services.settings, dispatcher)
    return SchedulerService(deps, JOBS)


async def start_scheduler(app: App) -> None:
    """Start the jobs in the application's event loop; handlers' ``kick()`` now runs dispatch."""
    bot = dispatch_bot(app)
    await bot.initialize()
    service = make_service(app, make_dispatcher(app, bot=bot))
    service.start()
    app.bot_data[SCHEDULER_KEY] = service
    app.bot_data[DISPATCH_BOT_KEY] = bot
    app.bot_data[SERVICES_KEY].kick = service.kick


async def stop_scheduler(app: App) -> None:
    """Stop the jobs (a drain under way ends first; its unsent claims are handed back)."""
    service: SchedulerService | None = app.bot_data.pop(SCHEDULER_KEY, None)
    if service is not None:
        await service.stop()
    bot: ExtBot[None] | None = app.bot_data.pop(DISPATCH_BOT_KEY, None)
    if bot is not None:
        await bot.shutdown()
    app.bot_data[SERVICES_KEY].kick = lambda: None
