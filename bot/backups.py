"""``shiftbot backup FILE`` and ``shiftbot restore FILE``: what to copy, what to refuse, what to say."""

from __future__ import annotations

import sys
from pathlib import Path

from bot.runtime.running import BotRunning, nothing_running, sqlite_path
from data.backup import BackupError, backup_postgres, backup_sqlite, restore_sqlite
from data.config import Settings

PG_RESTORE = (
    "shiftbot restore is for SQLite. For PostgreSQL, stop every bot process, then run: "
    "pg_restore --clean --if-exists --no-owner --dbname=<database URL> {file}"
)


def backup(settings: Settings, target: Path) -> int:
    """Copy the database to ``target``; the bot may keep running meanwhile."""
    database = sqlite_path(settings.database_url)
    try:
        if database is not None:
            backup_sqlite(database, target)
        elif settings.database_url.startswith("postgresql"):
            backup_postgres(settings.database_url, target)
        else:
            raise BackupError(f"cannot back up {settings.database_url}: SQLite or PostgreSQL only")
    except BackupError as error:
        print(f"shiftbot backup: {error}", file=sys.stderr)
        return 1
    print(f"backed up {settings.database_url} to {target}")
    return 0


def restore(settings: Settings, source: Path) -> int:
    """Replace the SQLite database with ``source``; refused while a bot runs on it."""
    database = sqlite_path(settings.database_url)
    if database is None:
        print(f"shiftbot restore: {PG_RESTORE.format(file=source)}", file=sys.stderr)
        return 2
    try:
        with nothing_running(settings.database_url):
            restore_sqlite(source, database)
    except (BotRunning, BackupError) as error:
        print(f"shiftbot restore: {error}", file=sys.stderr)
        return 1
    print(f"restored {database} from {source}; shiftbot run upgrades it if it is older")
    return 0
