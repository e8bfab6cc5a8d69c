"""Real databases for tests: a migrated SQLite file per test, a fresh PostgreSQL database per test.

Both are migrated once per session into a template (a file copied, or ``CREATE DATABASE …
TEMPLATE``), so each test starts from Alembic's schema without paying for the migrations again.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa

from data.migrations import upgrade

PG_ADMIN_URL = os.environ.get(
    "SHIFTBOT_TEST_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


def sqlite_template(folder: Path) -> Path:
    path = folder / "template.db"
    upgrade(f"sqlite:///{path}")
    return path


def sqlite_copy(template: Path, folder: Path) -> str:
    path = folder / f"{uuid.uuid4().hex}.db"
    shutil.copyfile(template, path)
    return f"sqlite:///{path}"


def postgres_reachable() -> str | None:
    """None when PostgreSQL answers, else the reason it does not."""
    try:
        engine = sa.create_engine(PG_ADMIN_URL, connect_args={"connect_timeout": 3})
        with engine.connect() as conn:
            conn.exec_driver_sql("SELECT 1")
        engine.dispose()
        return None
    except Exception as exc:  # any failure to connect means "unreachable"
        return f"{type(exc).__name__}: {exc}".splitlines()[0]


def _admin_engine() -> sa.Engine:
    return sa.create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")


def _url_for(name: str) -> str:
    return PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"


@contextmanager
def postgres_template() -> Iterator[str]:
    name = f"shiftbot_tpl_{uuid.uuid4().hex[:10]}"
    engine = _admin_engine()
    with engine.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    upgrade(_url_for(name))
    try:
        yield name
    finally:
        with engine.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        engine.dispose()


@contextmanager
def postgres_copy(template: str) -> Iterator[str]:
    name = f"shiftbot_t_{uuid.uuid4().hex[:12]}"
    engine = _admin_engine()
    with engine.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    try:
        yield _url_for(name)
    finally:
        with engine.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        engine.dispose()
