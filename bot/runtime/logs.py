"""Logging set-up: the usual text lines, or one JSON object a line carrying the update's id.

``SHIFTBOT_LOG_FORMAT=json`` is for log collectors (Loki, Elastic, journald with a parser): each
line is ``{"time", "level", "logger", "message", "update_id"?, "exception"?}``. The update id
comes from a context variable the update processor sets for the task handling that update;
``asyncio.to_thread`` copies it, so the database work of an update logs with its id too.
"""

from __future__ import annotations

import json
import logging
from contextvars import ContextVar
from datetime import UTC, datetime

UPDATE_ID: ContextVar[int | None] = ContextVar("update_id", default=None)
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class JsonFormatter(logging.Formatter):
    """A log record as one line of JSON."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        update_id = UPDATE_ID.get()
        if update_id is not None:
            entry["update_id"] = update_id
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def configure_logging(log_format: str = "text") -> None:
    """Log INFO and up to stderr, as text or JSON; httpx's line per request left out."""
    handler = logging.StreamHandler()
    handler.setFormatter(
        JsonFormatter() if log_format == "json" else logging.Formatter(TEXT_FORMAT)
    )
    logging.basicConfig(level=logging.INFO, handlers=[handler], force=True)
    logging.getLogger("httpx").setLevel(logging.WARNING)
