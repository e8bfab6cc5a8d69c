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

from bot.context import SERVICES_KEY
from bot.notifier import BotNotifier
from bot.services import Services
from bot.types import App
from scheduler.dispatcher import Dispatcher
from scheduler.jobs import JOBS, JobDeps
from scheduler.pacing import Pacer, unpaced
from scheduler.service import SchedulerService

SCHEDULER_KEY = "scheduler"
log = logging.getLogger(__name__)


def make_dispatcher(
    app: App, *, paced: bool = True, concurrency: int = 16, batch_size: int = 200
) -> Dispatcher:
    """A dispatcher sending through this application's bot (paced to Telegram's limits)."""
    services: Services = app.bot_data[SERVICES_KEY]
    notifier = BotNotifier(app.bot, services.store, services.settings.default_language)
    return Dispatcher(
        services.store,
        notifier,
        services.clock,
        services.policy,
        pacer=Pacer() if paced else unpaced(),
        concurrency=concurrency,
        batch_size=batch_size,
    )


def make_service(app: App, dispatcher: Dispatcher) -> SchedulerService:
    services: Services = app.bot_data[SERVICES_KEY]
    deps = JobDeps(services.store, services.clock, dispatcher.policy, services.settings, dispatcher)
    return SchedulerService(deps, JOBS)


async def start_scheduler(app: App) -> None:
    """Start the jobs in the application's event loop; handlers' ``kick()`` now runs dispatch."""
    service = make_service(app, make_dispatcher(app))
    service.start()
    app.bot_data[SCHEDULER_KEY] = service
    app.bot_data[SERVICES_KEY].kick = service.kick


async def stop_scheduler(app: App) -> None:
    """Stop the jobs (a claimed row left unsent is taken again once its lease runs out)."""
    service: SchedulerService | None = app.bot_data.pop(SCHEDULER_KEY, None)
    if service is not None:
        await service.stop()
    app.bot_data[SERVICES_KEY].kick = lambda: None


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot.scheduling", description=__doc__)
    parser.add_argument("--unpaced", action="store_true", help="no pacing (fakes without limits)")
    parser.add_argument("--concurrency", type=int, default=16)
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
    dispatcher = make_dispatcher(
        app, paced=not args.unpaced, concurrency=args.concurrency, batch_size=args.batch
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
