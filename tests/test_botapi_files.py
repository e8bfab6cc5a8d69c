"""Files, photos and locations sent by the bot are kept; users can send files too."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from telegram.error import BadRequest
from telegram.ext import ExtBot

from demo.botapi import FakeBotAPI
from tests.fake_botapi import bot_for, running
from tests.personas import COORDINATOR, LILEI

PNG_1x1 = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


@pytest.fixture
async def api() -> AsyncIterator[FakeBotAPI]:
    async with running() as fake:
        fake.add_user(COORDINATOR.telegram_id, COORDINATOR.first_name)
        fake.add_user(LILEI.telegram_id, LILEI.first_name)
        yield fake


@pytest.fixture
async def bot(api: FakeBotAPI) -> AsyncIterator[ExtBot[None]]:
    async with bot_for(api) as connected:
        yield connected


async def test_a_sent_document_is_kept_with_its_name_and_bytes(
    api: FakeBotAPI, bot: ExtBot[None]
) -> None:
    csv = "姓名,时长\n李雷,2.5\n".encode()

    sent = await bot.send_document(
        COORDINATOR.telegram_id,
        csv,
        filename="工时.csv",
        caption="<b>三月</b>工时",
        parse_mode="HTML",
    )

    stored = api.chat(COORDINATOR.telegram_id).last_bot_message()
    assert stored.document is not None
    assert (stored.document["file_name"], stored.document["bytes"]) == ("工时.csv", csv)
    assert stored.caption == sent.caption == "三月工时"
    assert sent.document is not None and sent.document.file_size == len(csv)
    assert sent.caption_entities[0].type == "bold"


async def test_a_sent_file_can_be_downloaded_again(bot: ExtBot[None]) -> None:
    sent = await bot.send_document(COORDINATOR.telegram_id, b"hours", filename="h.txt")
    assert sent.document is not None

    file = await bot.get_file(sent.document.file_id)

    assert bytes(await file.download_as_bytearray()) == b"hours"
    again = await bot.send_document(LILEI.telegram_id, sent.document.file_id)
    assert again.document is not None and again.document.file_name == "h.txt"


async def test_a_caption_over_1024_characters_is_refused(bot: ExtBot[None]) -> None:
    with pytest.raises(BadRequest, match="caption is too long"):
        await bot.send_document(COORDINATOR.telegram_id, b"x", filename="x", caption="字" * 1025)


async def test_an_unknown_file_id_is_refused(bot: ExtBot[None]) -> None:
    with pytest.raises(BadRequest, match="Wrong file identifier"):
        await bot.send_document(COORDINATOR.telegram_id, "BQACnope")


async def test_photos_and_locations_are_kept(api: FakeBotAPI, bot: ExtBot[None]) -> None:
    photo = await bot.send_photo(LILEI.telegram_id, PNG_1x1)
    await bot.send_location(LILEI.telegram_id, latitude=31.23, longitude=121.47)

    assert (photo.photo[-1].width, photo.photo[-1].height) == (1, 1)
    assert api.chat(LILEI.telegram_id).last_bot_message().location == {
        "latitude": 31.23,
        "longitude": 121.47,
    }


async def test_a_users_document_reaches_the_bot_and_can_be_fetched(
    api: FakeBotAPI, bot: ExtBot[None]
) -> None:
    api.user_sends_document(COORDINATOR.telegram_id, "名单.csv", "李雷\n".encode())

    updates = await bot.get_updates(timeout=0)

    document = updates[0].message.document if updates[0].message else None
    assert document is not None and document.file_name == "名单.csv"
    fetched = await (await bot.get_file(document.file_id)).download_as_bytearray()
    assert bytes(fetched) == "李雷\n".encode()


async def test_shared_contacts_and_locations_arrive_as_messages(
    api: FakeBotAPI, bot: ExtBot[None]
) -> None:
    api.user_shares_contact(LILEI.telegram_id, "+8613800000000")
    api.user_shares_location(LILEI.telegram_id, 31.2, 121.5)

    contact, location = [u.message for u in await bot.get_updates(timeout=0)]

    assert contact is not None and contact.contact is not None
    assert contact.contact.user_id == LILEI.telegram_id
    assert location is not None and location.location is not None
    assert location.location.latitude == 31.2
