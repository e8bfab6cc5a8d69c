"""Webhook mode: updates POSTed by Telegram reach the bot only with the right secret token."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.webhook import SECRET_HEADER, WEBHOOK_PATH, webhook_routes
from tests.harness import Harness
from tests.personas import LILEI

SECRET = "s3cret_token-1"


@pytest.fixture
async def client(harness: Harness) -> AsyncIterator[TestClient[object, object]]:
    await harness.app.start()  # the update fetcher that drains update_queue
    async with TestClient(TestServer(webhook_routes(harness.app, SECRET))) as test_client:
        yield test_client
    await harness.app.stop()


async def test_an_update_with_the_secret_is_answered(
    harness: Harness, client: TestClient[object, object]
) -> None:
    harness.given_registered(LILEI)
    update = harness.api.user_sends(LILEI.telegram_id, "/help")
    harness.api.next_update()  # delivered by webhook here, not by polling
    response = await client.post(WEBHOOK_PATH, json=update, headers={SECRET_HEADER: SECRET})
    assert response.status == 200
    chat = harness.api.chat(LILEI.telegram_id)
    await harness.api.wait_for(lambda: bool(chat.bot_messages()))
    assert "/shifts" in chat.last_bot_message().text


async def test_a_call_without_the_secret_is_refused(
    harness: Harness, client: TestClient[object, object]
) -> None:
    harness.given_registered(LILEI)
    update = harness.api.user_sends(LILEI.telegram_id, "/help")
    for headers in ({}, {SECRET_HEADER: "wrong"}):
        response = await client.post(WEBHOOK_PATH, json=update, headers=headers)
        assert response.status == 403
    assert harness.app.update_queue.empty()


async def test_something_that_is_not_an_update_still_gets_200(
    client: TestClient[object, object], harness: Harness
) -> None:
    response = await client.post(WEBHOOK_PATH, data=b"not json", headers={SECRET_HEADER: SECRET})
    assert response.status == 200
    assert harness.app.update_queue.empty()
