"""Webhook mode: Telegram POSTs updates to us, so several bot processes can share one PostgreSQL.

Polling allows one ``getUpdates`` consumer per token; behind a load balancer each process runs
this small aiohttp endpoint instead, checks Telegram's ``secret_token`` header and hands the
update to its own Application. The scheduler runs in every process (the outbox claim makes that
safe).
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import signal

from aiohttp import web
from telegram import Update

from bot.runtime.status import add_status_routes
from bot.types import App

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
WEBHOOK_PATH = "/telegram"


def webhook_routes(app: App, secret: str) -> web.Application:
    """An aiohttp app with one POST route that feeds ``app``'s update queue."""

    async def receive(request: web.Request) -> web.Response:
        if not hmac.compare_digest(request.headers.get(SECRET_HEADER, ""), secret):
            log.warning("webhook call without the right secret token from %s", request.remote)
            return web.Response(status=403)
        try:
            update = Update.de_json(json.loads(await request.read()), app.bot)
        except (ValueError, TypeError, KeyError):
            # Still 200: Telegram would otherwise retry the same undecodable update for a day.
            log.warning("webhook got something that is not an Update; ignored")
            return web.Response(status=200)
        await app.update_queue.put(update)
        return web.Response(status=200)

    web_app = web.Application(client_max_size=1024 * 1024)
    web_app.router.add_post(WEBHOOK_PATH, receive)
    add_status_routes(web_app, app)  # GET /healthz and /metrics, for the proxy and Prometheus
    return web_app


async def serve_webhook(app: App, *, url: str, secret: str, listen: str, port: int) -> None:
    """Register the webhook with Telegram, serve until SIGINT/SIGTERM, then stop cleanly."""
    runner = web.AppRunner(webhook_routes(app, secret))
    await runner.setup()
    await app.initialize()
    # run_polling calls post_init itself; here it is ours to call: menus and the scheduler.
    if app.post_init:
        await app.post_init(app)
    await app.start()
    site = web.TCPSite(runner, listen, port)
    await site.start()
    await app.bot.set_webhook(
        url.rstrip("/") + WEBHOOK_PATH,
        secret_token=secret,
        allowed_updates=["message", "callback_query"],
    )
    log.info("webhook mode: listening on %s:%s for %s", listen, port, url)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    try:
        await stop.wait()
    finally:
        await runner.cleanup()
        await app.stop()
        await app.shutdown()
        if app.post_shutdown:
            await app.post_shutdown(app)
