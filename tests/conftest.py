"""Fixtures: databases (SQLite always, PostgreSQL where a test asks), a clock, the bot harness,
the whole demo."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator
from datetime import datetime
from pathlib import Path

import pytest

from data.clock import ManualClock
from data.db import Store, make_engine
from demo.runner import DemoServer
from tests import dbs
from tests.harness import START, Harness, start_harness, stop_harness

# Tuesday 16:00 in Shanghai: the demo tests' start (their reminders and seeded days follow it).
DEMO_START = datetime.fromisoformat("2026-12-01T16:00:00+08:00")


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return dbs.sqlite_template(tmp_path_factory.mktemp("template"))


@pytest.fixture(scope="session")
def postgres_template() -> Iterator[str]:
    reason = dbs.postgres_reachable()
    if reason is not None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"PostgreSQL is required under CI=true and is unreachable: {reason}")
        pytest.skip(f"PostgreSQL unreachable: {reason}")
    with dbs.postgres_template() as name:
        yield name


@pytest.fixture
def sqlite_url(sqlite_template: Path, tmp_path: Path) -> str:
    return dbs.sqlite_copy(sqlite_template, tmp_path)


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, sqlite_template: Path, tmp_path: Path) -> Iterator[str]:
    """A freshly migrated database, once on SQLite and once on PostgreSQL."""
    if request.param == "sqlite":
        yield dbs.sqlite_copy(sqlite_template, tmp_path)
        return
    template = request.getfixturevalue("postgres_template")
    with dbs.postgres_copy(template) as url:
        yield url


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    """A store on each database kind (store and concurrency tests)."""
    engine = make_engine(db_url)
    yield Store(engine)
    engine.dispose()


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(START)


@pytest.fixture
async def harness(sqlite_url: str) -> AsyncIterator[Harness]:
    """The bot end to end: fake Telegram over HTTP, real Application, SQLite."""
    h = await start_harness(sqlite_url)
    yield h
    await stop_harness(h)


@pytest.fixture
async def demo() -> AsyncIterator[DemoServer]:
    """The whole demo in-process (fake Telegram, the bot and its scheduler, the page's server)
    on free ports, with the seeded programme, from ``DEMO_START``."""
    server = DemoServer(port=0, start_at=DEMO_START)
    await server.start()
    yield server
    await server.stop()
