"""Start and stop the scheduler with the application (post-init / post-shutdown hooks).

``python -m bot.scheduling`` runs the scheduler alone, without polling: a worker process for
deployments with several processes on one PostgreSQL (and for the restart tests and the bench).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import resource
import signal
import sys
from collections.abc import Sequence
from dataclasses import replace
from datetime import timedelta

from telegram import Bot
from telegram.ext import ExtBot

from bot.app import file_url_for
from bot.context import SERVICES_KEY
from bot.notices.notifier import BotNotifier
from bot.services import Services
from bot.transport import AiohttpRequest
from bot.types import App
from data.config import Settings
from scheduler.dispatcher import Dispatcher
from scheduler.jobs import JOBS, JobDeps
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
    notifier = BotNotifier(bot or app.bot, services.store, services.settings.default_language)
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


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot.scheduling", description=__doc__)
    parser.add_argument("--unpaced", action="store_true", help="no pacing (fakes without limits)")
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--batch", type=int, default=200)
    parser.add_argument("--lease", type=float, default=None, help="claim lease in seconds")
    parser.add_argument("--drain", action="store_true", help="send what is due, then exit")
    parser.add_argument("--no-rate-limiter", action="store_true", help="bot without AIORateLimiter")
    return parser


async def _serve(args: argparse.Namespace) -> dict[str, object]:
    from bot.app import build_application, build_services
    from data.config import load_settings

    settings = load_settings()
    services = build_services(settings)
    if args.lease is not None:
        services.policy = replace(services.policy, claim_lease=timedelta(seconds=args.lease))
    app = build_application(
        settings, services, scheduler=False, rate_limiter=not args.no_rate_limiter
    )
    await app.initialize()
    bot = dispatch_bot(app)
    await bot.initialize()
    dispatcher = make_dispatcher(
        app, bot=bot, paced=not args.unpaced, concurrency=args.concurrency, batch_size=args.batch
    )
    loop = asyncio.get_running_loop()
    started = loop.time()
    try:
        if args.drain:
            await dispatcher.drain()
        else:
            service = make_service(app, dispatcher)
            service.start()
            print("ready", flush=True)
            stop = asyncio.Event()
            loop.add_signal_handler(signal.SIGTERM, stop.set)
            await stop.wait()
            await service.stop()
    finally:
        await bot.shutdown()
        await app.shutdown()
        services.store.engine.dispose()
    return {
        "sent": dispatcher.total_sent,
        "seconds": round(loop.time() - started, 3),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    print(json.dumps(asyncio.run(_serve(args))), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
