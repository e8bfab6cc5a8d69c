"""Fresh migrated databases for the benchmarks: SQLite files, and PostgreSQL when it answers at
``SHIFTBOT_TEST_POSTGRES`` (made as the tests make theirs)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

from bench.dispatch import fresh_database
from tests import dbs


@contextmanager
def databases(folder: Path) -> Iterator[dict[str, Iterator[str]]]:
    """A fresh database per run, by kind: SQLite always, PostgreSQL when it answers."""

    def sqlite() -> Iterator[str]:
        n = 0
        while True:
            n += 1
            yield fresh_database(folder, f"bench{n}")

    def postgresql(stack: ExitStack, template: str) -> Iterator[str]:
        while True:
            yield stack.enter_context(dbs.postgres_copy(template))

    with ExitStack() as stack:
        kinds: dict[str, Iterator[str]] = {"SQLite": sqlite()}
        if dbs.postgres_reachable() is None:
            template = stack.enter_context(dbs.postgres_template())
            kinds["PostgreSQL"] = postgresql(stack, template)
        yield kinds
