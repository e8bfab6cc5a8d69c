"""``shiftbot run`` as deployed: migrates, long-polls Telegram, answers, and stops on Ctrl+C."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

import pytest

from demo.botapi import FakeBotAPI


@pytest.mark.slow
async def test_shiftbot_run_answers_a_new_user_and_stops_cleanly(tmp_path: Path) -> None:
    api = FakeBotAPI()
    await api.start()
    api.add_user(5001, "韩梅梅", username="hanmeimei")
    env = {
        **os.environ,
        "SHIFTBOT_TOKEN": api.token,
        "SHIFTBOT_API_BASE_URL": api.base_url,
        "SHIFTBOT_DATABASE_URL": f"sqlite:///{tmp_path}/run.db",
        "SHIFTBOT_ADMINS": "5001",
    }
    bot = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot.cli",
        "run",
        cwd=tmp_path,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    try:
        api.user_sends(5001, "/start")
        chat = api.chat(5001)
        await api.wait_for(lambda: bool(chat.bot_messages()), timeout=30)
        assert "中文" in str(chat.last_bot_message().reply_markup)
        # The default command menus were set at start-up.
        assert api.commands
    finally:
        bot.send_signal(signal.SIGINT)
        output, _ = await asyncio.wait_for(bot.communicate(), timeout=30)
        await api.stop()
    assert bot.returncode == 0, output.decode()
    assert b"Traceback" not in output
    assert (tmp_path / "run.db").exists()
