"""``GET /healthz`` and ``GET /metrics`` on an aiohttp app: the webhook server's, or in polling
mode a small status server of their own on ``SHIFTBOT_STATUS_PORT``."""

from __future__ import annotations

import logging

from aiohttp import web

from bot.context import SERVICES_KEY
from bot.runtime.health import health
from bot.runtime.metrics import exposition
from bot.services import Services
from bot.types import App

log = logging.getLogger(__name__)
STATUS_SERVER_KEY = "status_server"


def add_status_routes(web_app: web.Application, app: App) -> None:
    """Serve the health check and the metrics of ``app`` from ``web_app``."""

    async def healthz(_request: web.Request) -> web.Response:
        status, body = await health(app)
        return web.json_response(body, status=status)

    async def metrics(_request: web.Request) -> web.Response:
        services: Services = app.bot_data[SERVICES_KEY]
        body, content_type = await exposition(services.store, services.clock)
        return web.Response(body=body, headers={"Content-Type": content_type})

    web_app.router.add_get("/healthz", healthz)
    web_app.router.add_get("/metrics", metrics)


async def start_status_server(app: App, *, listen: str, port: int) -> None:
    """Polling mode: serve /healthz and /metrics on ``listen``:``port`` until stopped."""
    web_app = web.Application()
    add_status_routes(web_app, app)
    runner = web.AppRunner(web_app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, listen, port).start()
    app.bot_data[STATUS_SERVER_KEY] = runner
    log.info("status server: /healthz and /metrics on %s:%s", listen, port)


async def stop_status_server(app: App) -> None:
    runner: web.AppRunner | None = app.bot_data.pop(STATUS_SERVER_KEY, None)
    if runner is not None:
        await runner.cleanup()
