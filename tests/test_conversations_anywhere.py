"""Dialogues live in the database: any bot process takes the next step, a restart resumes it.

Real ``shiftbot run`` processes against the fake Telegram served from this test: two in webhook
mode on one PostgreSQL take turns at the steps of one /newshift wizard; one in polling mode is
killed with SIGKILL in the middle of registration and the next one continues at the same step.
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
from collections.abc import AsyncIterator, Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from sqlmodel import select

from bot.webhook import SECRET_HEADER, WEBHOOK_PATH
from data.db import Store, make_engine
from data.dialogues import places_of
from data.models import Role, Shift, Volunteer
from demo.botapi import FakeBotAPI, SentMessage
from demo.botapi.state import ChatLog
from tests import dbs
from tests.personas import COORDINATOR, LILEI, registered

pytestmark = pytest.mark.slow
SECRET = "two-processes"
IDLE = timedelta(days=1)


@pytest.fixture
async def api() -> AsyncIterator[FakeBotAPI]:
    fake = FakeBotAPI()
    await fake.start()
    yield fake
    await fake.stop()


@pytest.fixture
def postgres_url(postgres_template: str) -> Iterator[str]:
    with dbs.postgres_copy(postgres_template) as url:
        yield url


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def start_bot(api: FakeBotAPI, url: str, cwd: Path, **env: str) -> asyncio.subprocess.Process:
    environment = {
        **os.environ,
        "SHIFTBOT_TOKEN": api.token,
        "SHIFTBOT_API_BASE_URL": api.base_url,
        "SHIFTBOT_DATABASE_URL": url,
        **env,
    }
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot.cli",
        "run",
        cwd=cwd,
        env=environment,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )


async def stop_bot(process: asyncio.subprocess.Process) -> str:
    if process.returncode is None:
        process.send_signal(signal.SIGINT)
    try:
        output, _ = await asyncio.wait_for(process.communicate(), timeout=15)
    except TimeoutError:
        process.kill()
        output, _ = await process.communicate()
        return "did not stop on SIGINT:\n" + output.decode()
    return output.decode()


async def serving(port: int, timeout: float = 30) -> None:  # noqa: ASYNC109
    """Wait until a webhook process accepts connections."""
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        try:
            _, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.close()
            return
        except OSError:
            if asyncio.get_running_loop().time() > deadline:
                raise
            await asyncio.sleep(0.1)


def coordinator_in(url: str) -> None:
    engine = make_engine(url)
    Store(engine).call(
        registered, persona=COORDINATOR, now=datetime.now(UTC), role=Role.COORDINATOR, language="en"
    )
    engine.dispose()


async def until(predicate: Callable[[], bool], timeout: float = 20) -> None:  # noqa: ASYNC109
    """Poll what another process writes (the database) until ``predicate`` holds."""
    deadline = asyncio.get_running_loop().time() + timeout
    while not predicate():
        if asyncio.get_running_loop().time() > deadline:
            raise TimeoutError
        await asyncio.sleep(0.02)


def step_of(where: Store | str, telegram_id: int, flow: str) -> str | None:
    """The step a person's dialogue stands at, as stored (None: not in that dialogue)."""
    store = where if isinstance(where, Store) else Store(make_engine(where))
    with store.session(write=False) as session:
        places = places_of(
            session=session,
            telegram_id=telegram_id,
            chat_id=telegram_id,
            now=datetime.now(UTC),
            idle=IDLE,
        )
    if store is not where:
        store.engine.dispose()
    place = places.get(flow)
    return place.step if place else None


def newest_text(chat: ChatLog) -> str:
    messages = chat.bot_messages()
    return messages[-1].text if messages else ""


def buttons(message: SentMessage) -> list[dict[str, Any]]:
    rows = (message.reply_markup or {}).get("inline_keyboard", [])
    return [button for row in rows for button in row]


class Webhooks:
    """Telegram's side of two webhook processes: each update goes to the one named."""

    def __init__(
        self, api: FakeBotAPI, ports: list[int], http: aiohttp.ClientSession, store: Store
    ) -> None:
        self.api, self.ports, self.http, self.store = api, ports, http, store
        self.chat = api.chat(COORDINATOR.telegram_id)

    async def to(
        self, process: int, update: dict[str, Any], expect: str, step: str | None
    ) -> SentMessage:
        """Deliver ``update`` to one process; the bot's newest message once it shows ``expect``
        and the wizard stands at ``step`` (the person reads before tapping on)."""
        assert self.api.next_update() == update  # delivered by webhook, not by polling
        url = f"http://127.0.0.1:{self.ports[process]}{WEBHOOK_PATH}"
        response = await self.http.post(url, json=update, headers={SECRET_HEADER: SECRET})
        assert response.status == 200
        try:
            await self.api.wait_for(lambda: expect in newest_text(self.chat), timeout=20)
            await until(lambda: self.step() == step)
        except TimeoutError:
            shown = [m.text for m in self.chat.messages[-3:]]
            answers = self.api.callback_answers[-2:]
            raise AssertionError(f"{expect!r} / {step}: chat ends {shown}; {answers}") from None
        return self.chat.last_bot_message()

    def step(self) -> str | None:
        return step_of(self.store, COORDINATOR.telegram_id, "newshift")


@pytest.mark.postgres
async def test_a_wizard_whose_steps_alternate_between_two_processes_posts_the_shift(
    api: FakeBotAPI, postgres_url: str, tmp_path: Path
) -> None:
    api.add_user(COORDINATOR.telegram_id, COORDINATOR.first_name, username=COORDINATOR.username)
    coordinator_in(postgres_url)
    ports = [free_port(), free_port()]
    processes = [
        await start_bot(
            api,
            postgres_url,
            tmp_path,
            SHIFTBOT_WEBHOOK_URL=f"https://bot-{n}.example.org",
            SHIFTBOT_WEBHOOK_SECRET=SECRET,
            SHIFTBOT_WEBHOOK_PORT=str(port),
        )
        for n, port in enumerate(ports)
    ]
    outputs = []
    engine = make_engine(postgres_url)
    store = Store(engine)
    try:
        for port in ports:
            await serving(port)
        async with aiohttp.ClientSession() as http:
            hooks = Webhooks(api, ports, http, store)
            me = COORDINATOR.telegram_id
            await hooks.to(0, api.user_sends(me, "/newshift"), "Step 1", "title")
            days = await hooks.to(1, api.user_sends(me, "Market food safety"), "Step 2", "day")
            tomorrow = buttons(days)[1]["callback_data"]
            press = api.user_presses(me, days.message_id, tomorrow)
            times = await hooks.to(0, press, "Step 3", "time")
            press = api.user_presses(me, times.message_id, buttons(times)[0]["callback_data"])
            place = await hooks.to(1, press, "Step 4", "location")
            typed = api.user_sends(me, "Central farmers market")
            seats = await hooks.to(0, typed, "Step 5", "capacity")
            four = next(b for b in buttons(seats) if b["text"] == "4")["callback_data"]
            press = api.user_presses(me, seats.message_id, four)
            look = await hooks.to(1, press, "Please check the shift", "confirm")
            post = next(b for b in buttons(look) if "Post" in b["text"])["callback_data"]
            press = api.user_presses(me, look.message_id, post)
            posted = await hooks.to(0, press, "Posted shift No. 1", None)
            assert place.message_id != posted.message_id
    finally:
        outputs = [await stop_bot(process) for process in processes]
    with store.session() as session:
        shift = session.exec(select(Shift)).one()
    engine.dispose()
    assert (shift.title, shift.location, shift.capacity) == (
        "Market food safety",
        "Central farmers market",
        4,
    )
    assert all("Traceback" not in output for output in outputs), outputs


async def test_a_bot_killed_in_the_middle_of_registration_resumes_at_the_same_step(
    api: FakeBotAPI, tmp_path: Path
) -> None:
    api.add_user(LILEI.telegram_id, LILEI.first_name, username=LILEI.username)
    url = f"sqlite:///{tmp_path}/bot.db"
    chat = api.chat(LILEI.telegram_id)
    first = await start_bot(api, url, tmp_path)
    try:
        api.user_sends(LILEI.telegram_id, "/start")
        await api.wait_for(lambda: bool(chat.bot_messages()), timeout=30)
        greeting = chat.last_bot_message()
        chinese = next(b for b in buttons(greeting) if b["text"] == "中文")["callback_data"]
        api.user_presses(LILEI.telegram_id, greeting.message_id, chinese)
        await api.wait_for(lambda: "名字" in newest_text(chat), timeout=20)
        await until(lambda: step_of(url, LILEI.telegram_id, "registration") == "name")
    finally:
        first.send_signal(signal.SIGKILL)
        await first.wait()

    second = await start_bot(api, url, tmp_path)
    try:
        api.user_sends(LILEI.telegram_id, "李雷同学")
        await api.wait_for(lambda: "手机号" in newest_text(chat), timeout=30)
    finally:
        output = await stop_bot(second)
    assert "李雷同学" in chat.last_bot_message().text, output
    engine = make_engine(url)
    with Store(engine).session() as session:
        volunteer = session.exec(select(Volunteer)).one()
    engine.dispose()
    assert (volunteer.display_name, volunteer.language, volunteer.registered) == (
        "李雷同学",
        "zh",
        False,
    )
