"""Alembic owns the schema: the migrations produce exactly what the models declare."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlmodel import SQLModel

import data.dialogues
import data.models  # noqa: F401
from data.db import Store


def test_migrations_match_the_models(store: Store) -> None:
    with store.engine.connect() as connection:
        context = MigrationContext.configure(connection)
        diff = compare_metadata(context, SQLModel.metadata)
    assert diff == [], f"models and migrations differ; regenerate the migration:\n{diff}"


def test_sqlite_runs_with_wal_and_foreign_keys(store: Store) -> None:
    if store.engine.dialect.name != "sqlite":
        return
    with store.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
