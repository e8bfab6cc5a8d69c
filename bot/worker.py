"""``python -m bot.worker`` runs the scheduler alone, without polling: a worker process for
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

from bot.app import build_application, build_services
from bot.scheduling import dispatch_bot, make_dispatcher, make_service
from data.config import load_settings


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot.worker", description=__doc__)
    parser.add_argument("--unpaced", action="store_true", help="no pacing (fakes without limits)")
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--batch", type=int, default=200)
    parser.add_argument("--lease", type=float, default=None, help="claim lease in seconds")
    parser.add_argument("--drain", action="store_true", help="send what is due, then exit")
    parser.add_argument("--no-rate-limiter", action="store_true", help="bot without AIORateLimiter")
    return parser


async def _serve(args: argparse.Namespace) -> dict[str, object]:
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
