"""Whether a bot runs on an SQLite database: a lock file beside it, held while the bot runs.

Every ``shiftbot run`` holds a shared ``flock`` on ``<database>.lock``; ``shiftbot restore``
needs it exclusively and is refused while any bot holds it. The kernel drops the lock when the
process ends however it ends (kill -9 included), so there is no stale "running" flag to clear
and no heartbeat age to guess: an SQLite file is only ever used from one machine, where flock
holds. PostgreSQL needs none of this (restore is pg_restore's, run by the operator).
"""

from __future__ import annotations

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from sqlalchemy.engine import make_url


class BotRunning(Exception):
    """A bot holds the database's lock file."""


def sqlite_path(database_url: str) -> Path | None:
    """The database file of an SQLite URL; None for other databases and in-memory ones."""
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    return Path(url.database)


def lock_path(database: Path) -> Path:
    return database.with_name(database.name + ".lock")


@contextmanager
def _lock_file(database_url: str) -> Iterator[tuple[Path, IO[str]] | None]:
    """The open lock file of an SQLite database (None for others), locked by the caller."""
    database = sqlite_path(database_url)
    if database is None:
        yield None
        return
    path = lock_path(database)
    with path.open("a") as lock:
        yield path, lock


@contextmanager
def running(database_url: str) -> Iterator[None]:
    """Held while a bot runs on the database (shared: a bot and a worker may both hold it)."""
    with _lock_file(database_url) as held:
        if held is not None:
            fcntl.flock(held[1], fcntl.LOCK_SH)  # waits while a restore is under way
        yield


@contextmanager
def nothing_running(database_url: str) -> Iterator[None]:
    """Held while the database is replaced; BotRunning if a bot holds its lock now."""
    with _lock_file(database_url) as held:
        if held is not None:
            try:
                fcntl.flock(held[1], fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise BotRunning(
                    f"a shiftbot process holds {held[0]}: stop the bot first"
                ) from None
        yield
