"""``/healthz``: is the database reachable, is the scheduler alive, how far behind is dispatch.

503 when the database does not answer (or lacks its schema), when this process should run the
scheduler and it is not running, or when the oldest due message has waited longer than
``LAG_LIMIT``: a load balancer then stops sending updates here and an operator is paged. A
backlog under the limit is reported but healthy (Telegram may be slowing us down for a while).
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from bot.context import SERVICES_KEY
from bot.scheduling import SCHEDULER_KEY
from bot.services import Services
from bot.types import App
from data.health import outbox_figures

log = logging.getLogger(__name__)

LAG_LIMIT = 15 * 60.0  # seconds
DB_TIMEOUT = 5.0  # seconds: a database slower than this counts as unreachable


async def health(app: App) -> tuple[int, dict[str, Any]]:
    """(HTTP status, JSON body) of the health check."""
    services: Services = app.bot_data[SERVICES_KEY]
    report: dict[str, Any] = {"scheduler": _scheduler_state(app)}
    try:
        figures = await asyncio.wait_for(
            services.store.read(outbox_figures, now=services.now()), DB_TIMEOUT
        )
    except Exception as error:  # any failure to read is "unreachable", said in the report
        log.warning("health check: database unreachable: %s", error)
        report["database"] = f"unreachable: {type(error).__name__}"
        report["dispatch_lag_seconds"] = None
    else:
        report["database"] = "ok"
        report["dispatch_lag_seconds"] = round(figures.oldest_due_seconds, 1)
        report["outbox_pending"] = figures.pending
    lag = report["dispatch_lag_seconds"]
    healthy = (
        report["database"] == "ok"
        and report["scheduler"] != "stopped"
        and (lag is None or lag <= LAG_LIMIT)
    )
    report["status"] = "ok" if healthy else "unhealthy"
    return (200 if healthy else 503), report


def _scheduler_state(app: App) -> str:
    """ "running", "stopped" (it should run and does not) or "off" (this process runs none)."""
    if not app.bot_data.get("with_scheduler"):
        return "off"
    service = app.bot_data.get(SCHEDULER_KEY)
    scheduler = getattr(service, "scheduler", None)
    return "running" if scheduler is not None and scheduler.running else "stopped"
