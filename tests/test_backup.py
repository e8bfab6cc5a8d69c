"""``shiftbot backup`` and ``shiftbot restore``: a copy of a live bot's database, and no restore
under a running bot."""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.cli import main
from demo.botapi import FakeBotAPI
from tests import dbs
from tests.fake_botapi import running

ROOT = Path(__file__).resolve().parent.parent


def volunteers(database: Path) -> list[int]:
    with sqlite3.connect(database) as connection:
        return [row[0] for row in connection.execute("SELECT telegram_id FROM volunteer")]


def use_database(monkeypatch: pytest.MonkeyPatch, url: str) -> None:
    monkeypatch.setenv("SHIFTBOT_DATABASE_URL", url)
    monkeypatch.delenv("SHIFTBOT_TOKEN", raising=False)


@pytest.fixture
async def api() -> AsyncIterator[FakeBotAPI]:
    async with running() as fake:
        yield fake


async def bot_process(api: FakeBotAPI, url: str) -> asyncio.subprocess.Process:
    env = {
        **os.environ,
        "SHIFTBOT_TOKEN": api.token,
        "SHIFTBOT_API_BASE_URL": api.base_url,
        "SHIFTBOT_DATABASE_URL": url,
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.cli", "run", cwd=ROOT, env=env
    )
    await api.wait_for(lambda: api.polls_waiting > 0, timeout=60)
    return process


@pytest.mark.slow
async def test_a_running_bot_is_backed_up_and_not_restored_under_it(
    api: FakeBotAPI,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    database = tmp_path / "live.db"
    url = f"sqlite:///{database}"
    use_database(monkeypatch, url)
    process = await bot_process(api, url)
    try:
        api.add_user(4242, "新人")
        api.user_sends(4242, "/start")  # the bot writes the newcomer's row
        await api.wait_for(lambda: bool(api.chat(4242).bot_messages()), timeout=20)
        copy = tmp_path / "copy.db"
        assert await asyncio.to_thread(main, ["backup", str(copy)]) == 0
        assert 4242 in volunteers(copy)

        assert await asyncio.to_thread(main, ["restore", str(copy)]) == 1
        assert "stop the bot first" in capsys.readouterr().err
    finally:
        process.send_signal(signal.SIGTERM)
        await asyncio.wait_for(process.wait(), 30)

    with sqlite3.connect(database) as connection:
        connection.execute("DELETE FROM volunteer WHERE telegram_id = 4242")
    assert main(["restore", str(copy)]) == 0  # the bot is gone: its lock went with it
    assert 4242 in volunteers(database)


def test_restore_refuses_a_file_that_is_not_a_shiftbot_database(
    sqlite_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    use_database(monkeypatch, sqlite_url)
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database at all" * 100)
    assert main(["restore", str(junk)]) == 1
    assert "is not an SQLite database" in capsys.readouterr().err


def test_backup_of_postgresql_without_pg_dump_says_how(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    use_database(monkeypatch, "postgresql+psycopg://bot:pw@db.example/shiftbot")
    monkeypatch.setenv("PATH", str(tmp_path))  # no pg_dump here
    assert main(["backup", str(tmp_path / "dump")]) == 1
    err = capsys.readouterr().err
    assert "pg_dump is not on PATH" in err
    assert "pg_dump --format=custom" in err and "pw" not in err


@pytest.mark.postgres
def test_backup_of_postgresql_runs_pg_dump(
    postgres_template: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with dbs.postgres_copy(postgres_template) as url:
        use_database(monkeypatch, url)
        dump = tmp_path / "shiftbot.dump"
        assert main(["backup", str(dump)]) == 0
    assert dump.read_bytes().startswith(b"PGDMP")  # pg_dump's custom format
