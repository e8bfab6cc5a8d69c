"""Prometheus metrics: updates handled and how long each took, the outbox, Telegram's 429s.

Counters live in this process (prometheus_client's default registry, which also carries the
process's CPU and memory); the outbox figures are read from the database at each scrape, so
every process behind a proxy reports the same shared backlog.
"""

from __future__ import annotations

import logging

from prometheus_client import CONTENT_TYPE_LATEST, Counter, Gauge, Histogram, generate_latest

from bot.transport import AiohttpRequest
from data.clock import Clock
from data.db import Store
from data.health import outbox_figures

log = logging.getLogger(__name__)

UPDATES = Counter("shiftbot_updates_handled", "Updates the bot has handled")
UPDATE_SECONDS = Histogram(
    "shiftbot_update_seconds",
    "From an update reaching the bot to its handling done (its reply sent), in seconds",
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
TOO_MANY_REQUESTS = Counter(
    "shiftbot_telegram_429", "Bot API calls Telegram answered 429 Too Many Requests"
)
OUTBOX_PENDING = Gauge("shiftbot_outbox_pending", "Owed messages not sent yet")
OUTBOX_FAILED = Gauge("shiftbot_outbox_failed", "Owed messages given up on")
OUTBOX_OLDEST_DUE = Gauge(
    "shiftbot_outbox_oldest_due_age_seconds", "How long the oldest unsent due message has waited"
)


def update_handled(seconds: float) -> None:
    UPDATES.inc()
    UPDATE_SECONDS.observe(seconds)


async def exposition(store: Store, clock: Clock) -> tuple[bytes, str]:
    """The metrics in Prometheus' text format (the outbox read fresh), and their content type."""
    try:
        figures = await store.read(outbox_figures, now=clock.now())
    except Exception as error:  # the counters are still worth serving; /healthz says why
        log.warning("metrics: the outbox could not be read: %s", error)
    else:
        OUTBOX_PENDING.set(figures.pending)
        OUTBOX_FAILED.set(figures.failed)
        OUTBOX_OLDEST_DUE.set(figures.oldest_due_seconds)
    return generate_latest(), CONTENT_TYPE_LATEST


class CountingRequest(AiohttpRequest):
    """The bot's HTTP requests, counting each 429 (PTB turns it into RetryAfter after this)."""

    async def do_request(self, *args: object, **kwargs: object) -> tuple[int, bytes]:
        status, body = await super().do_request(*args, **kwargs)  # type: ignore[arg-type]
        if status == 429:
            TOO_MANY_REQUESTS.inc()
        return status, body
