"""Copies of the database: SQLite's online backup API (safe while the bot writes), pg_dump for
PostgreSQL, and restoring an SQLite copy."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy.engine import URL, make_url

from data.db import BUSY_TIMEOUT_MS

PG_DUMP_MISSING = (
    "pg_dump is not on PATH. Install the PostgreSQL client tools of your server's version "
    "(Debian/Ubuntu: apt install postgresql-client) and run shiftbot backup again, or run "
    "pg_dump yourself: pg_dump --format=custom --file={file} --dbname='{url}'"
)


class BackupError(Exception):
    """A backup or restore that could not be made, explained for the operator."""


def backup_sqlite(database: Path, target: Path) -> None:
    """Copy ``database`` page by page into ``target`` while others may write to it.

    The copy is written beside ``target`` and renamed over it at the end, so a failed backup
    never leaves half a file under the name asked for.
    """
    if not database.exists():
        raise BackupError(f"there is no database at {database}")
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    source = sqlite3.connect(database, timeout=BUSY_TIMEOUT_MS / 1000)
    copy = sqlite3.connect(partial)
    try:
        source.backup(copy)
    finally:
        copy.close()
        source.close()
    partial.replace(target)


def restore_sqlite(source: Path, database: Path) -> None:
    """Replace the contents of ``database`` with the SQLite backup ``source`` (checked first)."""
    check_sqlite_backup(source)
    original = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    target = sqlite3.connect(database, timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        original.backup(target)  # through SQLite, so the target's WAL is dealt with too
    finally:
        target.close()
        original.close()


def check_sqlite_backup(source: Path) -> None:
    """BackupError unless ``source`` is an intact SQLite database of this bot."""
    if not source.is_file():
        raise BackupError(f"there is no file {source}")
    try:
        connection = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            (verdict,) = connection.execute("PRAGMA quick_check").fetchone()
            tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{source} is not an SQLite database: {error}") from None
    if verdict != "ok":
        raise BackupError(f"{source} is damaged: {verdict}")
    if "alembic_version" not in tables:
        raise BackupError(f"{source} is not a shiftbot database (no alembic_version table)")


def backup_postgres(database_url: str, target: Path) -> None:
    """``pg_dump --format=custom`` of the database into ``target`` (restore with pg_restore)."""
    url = make_url(database_url)
    # libpq's URL, without the password: that goes in PGPASSWORD, not in a command line others see.
    plain = URL.create(
        "postgresql", url.username, None, url.host, url.port, url.database, url.query
    ).render_as_string(hide_password=False)
    if shutil.which("pg_dump") is None:
        raise BackupError(PG_DUMP_MISSING.format(file=target, url=plain))
    env = {**os.environ, **({"PGPASSWORD": url.password} if url.password else {})}
    command = ["pg_dump", "--format=custom", f"--file={target}", f"--dbname={plain}"]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BackupError(f"pg_dump failed: {done.stderr.strip()}")
