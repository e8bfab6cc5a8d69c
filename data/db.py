"""Engines and transactions: SQLite tuned for a bot (WAL, busy timeout, foreign keys), or PostgreSQL."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, ParamSpec, TypeVar

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import Connection
from sqlalchemy.pool import ConnectionPoolEntry
from sqlmodel import Session

P = ParamSpec("P")
T = TypeVar("T")

BUSY_TIMEOUT_MS = 10_000


def make_engine(url: str, **kwargs: Any) -> Engine:
    """Create an engine; on SQLite every write transaction starts with ``BEGIN IMMEDIATE``."""
    if url.startswith("sqlite"):
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000},
            **kwargs,
        )
        event.listen(engine, "connect", _sqlite_on_connect)
        event.listen(engine, "begin", _sqlite_on_begin)
        return engine
    return create_engine(url, pool_pre_ping=True, **kwargs)


def _sqlite_on_connect(dbapi_connection: Any, _record: ConnectionPoolEntry) -> None:
    # Take transaction control from the driver so that "begin" below decides the lock mode.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _sqlite_on_begin(connection: Connection) -> None:
    # A write transaction takes the write lock up front (IMMEDIATE): two sign-ups can then never
    # both read "one seat left"; the loser waits for busy_timeout instead of failing on upgrade.
    mode = "IMMEDIATE" if connection.get_execution_options().get("write") else "DEFERRED"
    connection.exec_driver_sql(f"BEGIN {mode}")


class Store:
    """Opens sessions and runs domain functions in worker threads so the event loop never blocks."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @contextmanager
    def session(self, *, write: bool = True) -> Iterator[Session]:
        """A session in one transaction, committed on success and rolled back on any error."""
        with Session(self.engine, expire_on_commit=False) as session:
            session.connection(execution_options={"write": write})
            try:
                yield session
                session.commit()
            except BaseException:
                # Keep loaded objects readable after the rollback: a refusal carries the shift it
                # is about (a clash, a full shift) and the caller renders it outside the session.
                session.expunge_all()
                session.rollback()
                raise

    def call(self, fn: Callable[..., T], /, *, write: bool = True, **kwargs: Any) -> T:
        """Run ``fn(session=…, **kwargs)`` in its own transaction."""
        with self.session(write=write) as session:
            return fn(session=session, **kwargs)

    async def run(self, fn: Callable[..., T], /, *, write: bool = True, **kwargs: Any) -> T:
        """Like :meth:`call`, in a worker thread."""
        return await asyncio.to_thread(self.call, fn, write=write, **kwargs)

    async def read(self, fn: Callable[..., T], /, **kwargs: Any) -> T:
        """Run a read-only domain function in a worker thread."""
        return await self.run(fn, write=False, **kwargs)
