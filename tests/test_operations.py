"""Operating the bot: /healthz and /metrics on the webhook and status servers, JSON logs, 429s."""

from __future__ import annotations

import asyncio
import json
import logging
import shutil
import socket
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import aiohttp
import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from prometheus_client import REGISTRY
from telegram import Update

from bot.runtime.logs import JsonFormatter
from bot.runtime.metrics import CountingRequest
from bot.runtime.ordering import ChatOrderedProcessor
from bot.runtime.status import stop_status_server
from bot.webhook import webhook_routes
from data import outbox
from tests import dbs
from tests.harness import Harness, start_harness, stop_harness
from tests.personas import LILEI
from tests.test_update_order import message_in

Client = TestClient[web.Request, web.Application]


@pytest.fixture
async def client(harness: Harness) -> AsyncIterator[Client]:
    async with TestClient(TestServer(webhook_routes(harness.app, "secret"))) as test_client:
        yield test_client


def metric(text: str, name: str) -> float:
    """The value of an unlabelled sample in Prometheus' text format."""
    for line in text.splitlines():
        if line.startswith(name + " "):
            return float(line.split()[1])
    raise LookupError(f"no sample {name} in /metrics")


async def test_healthz_reports_the_database_and_how_long_the_oldest_due_message_waited(
    harness: Harness, client: Client
) -> None:
    volunteer = harness.given_registered(LILEI)
    now = harness.clock.now()
    harness.store.call(
        outbox.owe,
        kind="promoted",
        recipient_id=volunteer.id,
        ref="1",
        due_at=now - timedelta(minutes=2),
        now=now,
    )
    response = await client.get("/healthz")
    assert response.status == 200
    assert await response.json() == {
        "status": "ok",
        "database": "ok",
        "scheduler": "off",  # the harness runs no scheduler; a bot that should is checked below
        "dispatch_lag_seconds": 120.0,
        "outbox_pending": 1,
    }


async def test_healthz_is_503_when_the_scheduler_should_run_and_does_not(
    harness: Harness, client: Client
) -> None:
    harness.app.bot_data["with_scheduler"] = True
    response = await client.get("/healthz")
    assert response.status == 503
    assert (await response.json())["scheduler"] == "stopped"


async def test_healthz_is_503_when_the_database_is_gone(
    sqlite_template: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "gone"
    folder.mkdir()
    harness = await start_harness(dbs.sqlite_copy(sqlite_template, folder))
    try:
        async with TestClient(TestServer(webhook_routes(harness.app, "secret"))) as client:
            harness.store.engine.dispose()
            shutil.rmtree(folder)  # SQLite cannot even create a new file there
            response = await client.get("/healthz")
            body = await response.json()
    finally:
        await stop_harness(harness)
    assert response.status == 503
    assert body["status"] == "unhealthy"
    assert body["database"].startswith("unreachable")


async def test_metrics_count_an_update_handled_and_show_the_outbox(
    harness: Harness, client: Client
) -> None:
    harness.given_registered(LILEI)
    before = metric(await (await client.get("/metrics")).text(), "shiftbot_updates_handled_total")
    harness.api.user_sends(LILEI.telegram_id, "/help")
    await harness.app.start()  # through the update queue and the processor, as in production
    try:
        await harness.app.update_queue.put(
            Update.de_json(harness.api.next_update(), harness.app.bot)
        )
        chat = harness.api.chat(LILEI.telegram_id)
        await harness.api.wait_for(lambda: bool(chat.bot_messages()))
        await harness.app.update_queue.join()
    finally:
        await harness.app.stop()
    text = await (await client.get("/metrics")).text()
    assert metric(text, "shiftbot_updates_handled_total") == before + 1
    assert metric(text, "shiftbot_update_seconds_count") >= 1
    assert metric(text, "shiftbot_outbox_pending") == 0
    assert metric(text, "shiftbot_outbox_oldest_due_age_seconds") == 0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def test_polling_mode_serves_healthz_on_the_status_port(sqlite_url: str) -> None:
    port = free_port()
    harness = await start_harness(sqlite_url, status_port=port)  # post_init starts it
    try:
        async with (
            aiohttp.ClientSession() as session,
            session.get(f"http://127.0.0.1:{port}/healthz") as response,
        ):
            assert response.status == 200
            assert (await response.json())["database"] == "ok"
    finally:
        await stop_status_server(harness.app)
        await stop_harness(harness)


async def test_json_logs_carry_the_id_of_the_update_being_handled() -> None:
    lines: list[str] = []
    handler = logging.Handler()
    handler.emit = lambda record: lines.append(handler.format(record))  # type: ignore[method-assign]
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("tests.json")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)

    async def handle() -> None:
        logger.info("inside")
        await asyncio.to_thread(logger.info, "in a worker thread")

    try:
        await ChatOrderedProcessor(running=2).process_update(message_in(7, 4242), handle())
        logger.info("outside")
    finally:
        logger.removeHandler(handler)
    entries = [json.loads(line) for line in lines]
    assert [e.get("update_id") for e in entries] == [4242, 4242, None]
    assert entries[0]["message"] == "inside" and entries[0]["level"] == "INFO"


async def test_a_429_from_telegram_is_counted() -> None:
    async def too_many(_request: web.Request) -> web.Response:
        body = {"ok": False, "error_code": 429, "description": "Too Many Requests: retry after 1"}
        return web.json_response(body, status=429)

    app = web.Application()
    app.router.add_post("/sendMessage", too_many)
    request = CountingRequest()
    before = counted_429s()
    async with TestServer(app) as server:
        await request.initialize()
        try:
            status, _ = await request.do_request(str(server.make_url("/sendMessage")), "POST")
        finally:
            await request.shutdown()
    assert status == 429
    assert counted_429s() == before + 1


def counted_429s() -> float:
    return REGISTRY.get_sample_value("shiftbot_telegram_429_total") or 0.0
