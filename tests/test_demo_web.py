"""The demo's web bridge over real HTTP: personas act, the real bot answers in the event stream.

Each test starts the whole demo in-process (fake Telegram, the bot polling it with its scheduler,
a temporary SQLite database, the page's server) on free ports, and talks to it as the page does.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
from collections.abc import AsyncIterator, Callable
from datetime import datetime, timedelta
from typing import Any

import aiohttp
import pytest
from aiohttp import web

from data.views import upcoming_shifts
from demo.botapi import FakeBotAPI
from demo.personas import COORDINATOR, LILEI, NEWCOMER
from demo.runner import DemoServer
from demo.web import make_web_app
from tests.conftest import DEMO_START

START = DEMO_START  # the demo fixture's start (tests/conftest.py)
Event = dict[str, Any]


class EventStream:
    """One page's view of ``/api/events``."""

    def __init__(self, response: aiohttp.ClientResponse) -> None:
        self.response = response

    async def next(self, want: Callable[[Event], bool], timeout: float = 10.0) -> Event:  # noqa: ASYNC109
        """The next event ``want`` accepts, skipping others (a digest, another chat)."""
        async with asyncio.timeout(timeout):
            while True:
                line = (await self.response.content.readline()).decode()
                if line.startswith("data: "):
                    event: Event = json.loads(line[len("data: ") :])
                    if want(event):
                        return event


def bot_message_to(chat_id: int, kind: str = "message") -> Callable[[Event], bool]:
    def want(event: Event) -> bool:
        message = event.get("message") or {}
        return bool(
            event["type"] == kind and event.get("chat_id") == chat_id and message.get("from_bot")
        )

    return want


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30)) as session:
        yield session


@contextlib.asynccontextmanager
async def events(http: aiohttp.ClientSession, demo: DemoServer) -> AsyncIterator[EventStream]:
    async with http.get(demo.url + "api/events") as response:
        assert response.headers["Content-Type"].startswith("text/event-stream")
        yield EventStream(response)


async def post(http: aiohttp.ClientSession, url: str, body: dict[str, Any] | None = None) -> Any:
    async with http.post(url, json=body or {}) as response:
        assert response.status == 200, await response.text()
        return await response.json()


async def test_a_persona_sends_start_and_the_bot_answers_in_the_stream_and_the_history(
    demo: DemoServer, http: aiohttp.ClientSession
) -> None:
    async with events(http, demo) as stream:
        await post(http, f"{demo.url}api/chats/{NEWCOMER.telegram_id}/send", {"text": "/start"})
        reply = await stream.next(bot_message_to(NEWCOMER.telegram_id))
    assert "中文" in json.dumps(reply["message"]["reply_markup"], ensure_ascii=False)
    async with http.get(f"{demo.url}api/chats/{NEWCOMER.telegram_id}") as response:
        history = await response.json()
    texts = [(m["from_bot"], m["text"]) for m in history["messages"]]
    assert texts[0] == (False, "/start")
    assert texts[1] == (True, reply["message"]["text"])
    assert datetime.fromisoformat(history["messages"][1]["time"]) == START  # the demo clock's time


async def test_pressing_a_button_edits_the_message_in_place_for_every_open_page(
    demo: DemoServer, http: aiohttp.ClientSession
) -> None:
    chat = f"{demo.url}api/chats/{NEWCOMER.telegram_id}"
    async with events(http, demo) as first, events(http, demo) as second:
        await post(http, f"{chat}/send", {"text": "/start"})
        greeting = (await first.next(bot_message_to(NEWCOMER.telegram_id)))["message"]
        await second.next(bot_message_to(NEWCOMER.telegram_id))
        buttons = [b for row in greeting["reply_markup"]["inline_keyboard"] for b in row]
        chinese = next(b["callback_data"] for b in buttons if b["text"] == "中文")
        await post(http, f"{chat}/press", {"message_id": greeting["message_id"], "data": chinese})
        for page in (first, second):
            edited = await page.next(bot_message_to(NEWCOMER.telegram_id, "edit"))
            assert edited["message"]["message_id"] == greeting["message_id"]
            assert edited["message"]["edited"] is True
    async with asyncio.timeout(5):
        # Closed pages leave nothing behind (the server notices a disconnect on its own time).
        while demo.hub.pages:  # noqa: ASYNC110
            await asyncio.sleep(0.05)


async def test_a_button_no_message_offers_is_refused(
    demo: DemoServer, http: aiohttp.ClientSession
) -> None:
    chat = f"{demo.url}api/chats/{NEWCOMER.telegram_id}"
    async with events(http, demo) as stream:
        await post(http, f"{chat}/send", {"text": "/start"})
        greeting = (await stream.next(bot_message_to(NEWCOMER.telegram_id)))["message"]
    forged = {"message_id": greeting["message_id"], "data": "1:promote:1000"}
    async with http.post(f"{chat}/press", json=forged) as response:
        assert response.status == 400
    async with http.post(f"{demo.url}api/chats/999/send", json={"text": "hi"}) as response:
        assert response.status == 404


async def test_share_contact_sends_the_personas_own_number(
    demo: DemoServer, http: aiohttp.ClientSession
) -> None:
    await post(http, f"{demo.url}api/chats/{NEWCOMER.telegram_id}/contact")
    await post(http, f"{demo.url}api/chats/{NEWCOMER.telegram_id}/location")
    sent = [m for m in demo.api.chat(NEWCOMER.telegram_id).messages if not m.from_bot]
    assert sent[0].contact is not None
    assert sent[0].contact["phone_number"] == NEWCOMER.phone
    assert sent[0].contact["user_id"] == NEWCOMER.telegram_id
    assert sent[1].location is not None
    assert sent[1].location["latitude"] == pytest.approx(34.58, abs=0.01)


async def test_plus_one_day_moves_the_bots_clock_and_every_page_sees_it(
    demo: DemoServer, http: aiohttp.ClientSession
) -> None:
    async with events(http, demo) as stream:
        moved = await post(http, demo.url + "api/clock", {"step": "day"})
        tick = await stream.next(lambda e: e["type"] == "clock")
    assert datetime.fromisoformat(moved["now"]) == START + timedelta(days=1)
    assert demo.services.clock.now() == START + timedelta(days=1)
    assert tick["now"] == moved["now"]
    moved = await post(http, demo.url + "api/clock", {"step": "hour"})
    assert datetime.fromisoformat(moved["now"]) == START + timedelta(days=1, hours=1)
    async with http.post(demo.url + "api/clock", json={"step": "back"}) as response:
        assert response.status == 400


async def test_next_reminder_jumps_to_it_and_the_volunteer_receives_it(
    demo: DemoServer, http: aiohttp.ClientSession
) -> None:
    # 李雷 is seeded on Wednesday's 08:00 文明交通劝导: his 2-hour reminder is the next thing owed.
    async with events(http, demo) as stream:
        moved = await post(http, demo.url + "api/clock", {"step": "next"})
        reminder = await stream.next(bot_message_to(LILEI.telegram_id))
    assert moved["moved"] is True
    assert datetime.fromisoformat(moved["now"]) == datetime.fromisoformat(
        "2026-12-02T06:00:00+08:00"
    )
    assert "文明交通劝导" in reminder["message"]["text"]
    assert reminder["message"]["time"] == moved["now"]


async def test_the_seeded_programme_is_lived_in(demo: DemoServer) -> None:
    page = await demo.services.store.read(
        upcoming_shifts, now=demo.clock.now(), viewer_id=None, limit=50
    )
    titles = {v.shift.title for v in page.items}
    assert {"文明交通劝导", "食品安全宣传", "消费维权咨询"} <= titles
    assert any(v.shift.capacity - v.confirmed == 1 for v in page.items), "no shift nearly full"
    assert sum(v.confirmed for v in page.items) >= 5
    assert any(v.shift.series_id is not None for v in page.items), "no weekly series"


async def test_empty_starts_with_no_programme_and_the_coordinator_is_still_admin(
    http: aiohttp.ClientSession,
) -> None:
    server = DemoServer(port=0, start_at=START, empty=True)
    await server.start()
    try:
        page = await server.services.store.read(
            upcoming_shifts, now=server.clock.now(), viewer_id=None
        )
        assert page.total == 0
        async with events(http, server) as stream:
            await post(
                http, f"{server.url}api/chats/{COORDINATOR.telegram_id}/send", {"text": "/help"}
            )
            answer = await stream.next(bot_message_to(COORDINATOR.telegram_id))
        assert "/newshift" in answer["message"]["text"] or "/start" in answer["message"]["text"]
    finally:
        await server.stop()


async def test_the_page_and_its_texts_in_both_languages(
    demo: DemoServer, http: aiohttp.ClientSession
) -> None:
    async with http.get(demo.url) as response:
        assert response.status == 200
        assert "/static/app.js" in await response.text()
    async with http.get(demo.url + "api/state") as response:
        state = await response.json()
    assert [p["name"] for p in state["personas"]] == ["王芳", "李雷", "Emma Clark", "韩梅梅"]
    assert state["strings"]["zh"]["plus_day"] == "+1 天"
    assert state["strings"]["en"]["plus_day"] == "+1 day"
    assert state["clock"]["zone"] == "Asia/Shanghai"
    async with http.get(f"{demo.url}api/chats/{NEWCOMER.telegram_id}/commands") as response:
        menu = await response.json()
    assert menu[0]["command"] == "start"  # a newcomer's way in
    assert "roster" not in [c["command"] for c in menu]
    # The seeded coordinator's menu is the one finishing /start as an admin would have set.
    async with http.get(f"{demo.url}api/chats/{COORDINATOR.telegram_id}/commands") as response:
        menu = await response.json()
    assert {"roster", "newshift", "promote"} <= {c["command"] for c in menu}


async def test_files_the_bot_sends_can_be_downloaded_and_photos_shown(
    demo: DemoServer, http: aiohttp.ClientSession
) -> None:
    png = _tiny_png()
    bot = f"{demo.api.base_url}{demo.api.token}"
    form = aiohttp.FormData()
    form.add_field("chat_id", str(LILEI.telegram_id))
    form.add_field("document", "姓名,时长\n李雷,2.0\n".encode(), filename="服务时长.csv")
    async with http.post(f"{bot}/sendDocument", data=form) as response:
        assert response.status == 200
    form = aiohttp.FormData()
    form.add_field("chat_id", str(LILEI.telegram_id))
    form.add_field("photo", png, filename="map.png", content_type="image/png")
    async with http.post(f"{bot}/sendPhoto", data=form) as response:
        assert response.status == 200
    async with http.get(f"{demo.url}api/chats/{LILEI.telegram_id}") as response:
        messages = (await response.json())["messages"]
    document, photo = messages[-2]["document"], messages[-1]["photo"]
    async with http.get(demo.url + document["url"].lstrip("/")) as response:
        assert response.headers["Content-Disposition"].startswith("attachment")
        assert (await response.read()).decode() == "姓名,时长\n李雷,2.0\n"
    async with http.get(demo.url + photo["url"].lstrip("/")) as response:
        assert response.content_type == "image/png"
        assert await response.read() == png


async def test_it_listens_on_loopback_only(demo: DemoServer) -> None:
    address = _outward_address()
    if address is None:
        pytest.skip("this machine has no non-loopback IPv4 address to try from")
    port = int(demo.url.rsplit(":", 1)[1].strip("/"))
    with pytest.raises(OSError):
        _, writer = await asyncio.open_connection(address, port)
        writer.close()


async def test_requests_from_other_machines_other_sites_and_other_names_are_refused(
    http: aiohttp.ClientSession,
) -> None:
    address = _outward_address()
    if address is None:
        pytest.skip("this machine has no non-loopback IPv4 address to try from")
    # The page's server on every interface (the demo itself never does this), reached from the
    # machine's outward address: the peer is then not loopback.
    api = FakeBotAPI()
    page = make_web_app(api, _unused(), _unused(), "Asia/Shanghai")
    runner = web.AppRunner(page)
    await runner.setup()
    await web.TCPSite(runner, "0.0.0.0", 0).start()
    port = runner.addresses[0][1]
    try:
        async with http.get(f"http://{address}:{port}/api/state") as response:
            assert response.status == 403
        headers = {"Host": "rebound.example:80"}
        async with http.get(f"http://127.0.0.1:{port}/", headers=headers) as response:
            assert response.status == 403
        headers = {"Origin": "https://evil.example"}
        async with http.post(
            f"http://127.0.0.1:{port}/api/clock", json={"step": "day"}, headers=headers
        ) as response:
            assert response.status == 403
        async with http.get(f"http://127.0.0.1:{port}/static/app.css") as response:
            assert response.status == 200
    finally:
        await runner.cleanup()


def _unused() -> Any:
    return object()


@pytest.mark.slow
def test_shiftbot_demo_prints_its_address_and_stops_on_ctrl_c(tmp_path: Any) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "SHIFTBOT_TOKEN": "", "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "bot.cli",
            "demo",
            "--port",
            str(port),
            "--db",
            str(tmp_path / "d.db"),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
        cwd=tmp_path,
    )
    try:
        assert process.stdout is not None
        seen = []
        for line in process.stdout:
            seen.append(line)
            if f"http://127.0.0.1:{port}/" in line:
                break
        else:
            pytest.fail("".join(seen))
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=20) == 0
    finally:
        if process.poll() is None:
            process.kill()
    assert (tmp_path / "d.db").exists()


def _outward_address() -> str | None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # no packet is sent: this only picks a route
        except OSError:
            return None
        address = str(probe.getsockname()[0])
    return None if address.startswith("127.") else address


def _tiny_png() -> bytes:
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00\xff\x00\x00" * 2)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )
