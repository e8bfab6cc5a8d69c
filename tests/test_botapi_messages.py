"""The fake Bot API stores, edits and refuses messages the way Telegram does."""

from __future__ import annotations

from collections.abc import AsyncIterator

import aiohttp
import pytest
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, KeyboardButton, ReplyKeyboardMarkup
from telegram.error import BadRequest, Forbidden
from telegram.ext import ExtBot

from demo.botapi import FakeBotAPI
from tests.fake_botapi import bot_for, running
from tests.personas import EMMA, LILEI

GROUP = -100


@pytest.fixture
async def api() -> AsyncIterator[FakeBotAPI]:
    async with running() as fake:
        fake.add_user(LILEI.telegram_id, LILEI.first_name, username=LILEI.username)
        fake.add_user(EMMA.telegram_id, EMMA.first_name, language_code="en")
        fake.add_group(GROUP, "志愿者群")
        yield fake


@pytest.fixture
async def bot(api: FakeBotAPI) -> AsyncIterator[ExtBot[None]]:
    async with bot_for(api) as connected:
        yield connected


def keyboard(*data: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[InlineKeyboardButton(d, callback_data=d) for d in data]])


async def test_a_sent_html_message_is_stored_as_plain_text_with_entities(
    api: FakeBotAPI, bot: ExtBot[None]
) -> None:
    sent = await bot.send_message(
        LILEI.telegram_id, "<b>周六</b> 清扫 &amp; 宣传", parse_mode="HTML"
    )

    stored = api.chat(LILEI.telegram_id).last_bot_message()
    assert stored.text == sent.text == "周六 清扫 & 宣传"
    assert stored.html == "<b>周六</b> 清扫 &amp; 宣传"
    assert stored.entities == [{"type": "bold", "offset": 0, "length": 2}]
    assert sent.from_user is not None and sent.from_user.is_bot
    assert api.requests[-1].method == "sendMessage" and api.requests[-1].status == 200


async def test_an_edit_replaces_text_and_keyboard(api: FakeBotAPI, bot: ExtBot[None]) -> None:
    sent = await bot.send_message(LILEI.telegram_id, "报名?", reply_markup=keyboard("yes", "no"))

    await bot.edit_message_text(
        "已报名", LILEI.telegram_id, sent.message_id, reply_markup=keyboard("cancel")
    )

    stored = api.chat(LILEI.telegram_id).last_bot_message()
    assert (stored.text, stored.edited) == ("已报名", True)
    assert stored.reply_markup == {
        "inline_keyboard": [[{"text": "cancel", "callback_data": "cancel"}]]
    }


async def test_an_edit_without_markup_removes_the_inline_keyboard(
    api: FakeBotAPI, bot: ExtBot[None]
) -> None:
    sent = await bot.send_message(LILEI.telegram_id, "报名?", reply_markup=keyboard("yes"))

    await bot.edit_message_text("已取消", LILEI.telegram_id, sent.message_id)

    assert api.chat(LILEI.telegram_id).last_bot_message().reply_markup is None


async def test_an_edit_that_changes_nothing_is_not_modified(
    api: FakeBotAPI, bot: ExtBot[None]
) -> None:
    sent = await bot.send_message(
        LILEI.telegram_id, "<i>同样</i>", parse_mode="HTML", reply_markup=keyboard("a")
    )

    with pytest.raises(BadRequest, match="Message is not modified"):
        await bot.edit_message_text(
            "<i>同样</i>",
            LILEI.telegram_id,
            sent.message_id,
            parse_mode="HTML",
            reply_markup=keyboard("a"),
        )
    assert api.requests[-1].status == 400


async def test_editing_a_message_that_does_not_exist_fails(bot: ExtBot[None]) -> None:
    with pytest.raises(BadRequest, match="Message to edit not found"):
        await bot.edit_message_text("x", LILEI.telegram_id, 999)


async def test_editing_the_users_own_message_fails(api: FakeBotAPI, bot: ExtBot[None]) -> None:
    update = api.user_sends(LILEI.telegram_id, "你好")

    with pytest.raises(BadRequest, match="can't be edited"):
        await bot.edit_message_text("x", LILEI.telegram_id, update["message"]["message_id"])


async def test_a_deleted_message_is_kept_in_the_log_marked_deleted(
    api: FakeBotAPI, bot: ExtBot[None]
) -> None:
    sent = await bot.send_message(LILEI.telegram_id, "临时")

    assert await bot.delete_message(LILEI.telegram_id, sent.message_id)

    assert api.chat(LILEI.telegram_id).bot_messages()[0].deleted
    with pytest.raises(BadRequest, match="Message to delete not found"):
        await bot.delete_message(LILEI.telegram_id, sent.message_id)


async def test_an_unknown_chat_is_not_found(bot: ExtBot[None]) -> None:
    with pytest.raises(BadRequest, match="Chat not found"):
        await bot.send_message(424242, "hi")


async def test_a_user_who_blocked_the_bot_cannot_be_messaged(
    api: FakeBotAPI, bot: ExtBot[None]
) -> None:
    api.block(EMMA.telegram_id)

    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await bot.send_message(EMMA.telegram_id, "Reminder")

    assert api.requests[-1].status == 403
    api.unblock(EMMA.telegram_id)
    await bot.send_message(EMMA.telegram_id, "Reminder")


async def test_4096_cjk_characters_fit_and_one_more_is_too_long(bot: ExtBot[None]) -> None:
    # Tags do not count: the limit is on the text after entity parsing.
    await bot.send_message(LILEI.telegram_id, f"<b>{'志' * 4096}</b>", parse_mode="HTML")

    with pytest.raises(BadRequest, match="Message is too long"):
        await bot.send_message(LILEI.telegram_id, "志" * 4097)


async def test_the_limit_counts_utf16_units_so_emoji_count_double(bot: ExtBot[None]) -> None:
    with pytest.raises(BadRequest, match="Message is too long"):
        await bot.send_message(LILEI.telegram_id, "🙂" * 2049)


async def test_whitespace_only_text_is_empty(bot: ExtBot[None]) -> None:
    with pytest.raises(BadRequest, match="Message text is empty"):
        await bot.send_message(LILEI.telegram_id, " \n ")


async def test_contact_buttons_are_refused_in_groups(bot: ExtBot[None]) -> None:
    markup = ReplyKeyboardMarkup([[KeyboardButton("分享手机号", request_contact=True)]])

    await bot.send_message(LILEI.telegram_id, "请分享", reply_markup=markup)
    with pytest.raises(BadRequest, match="private chats only"):
        await bot.send_message(GROUP, "请分享", reply_markup=markup)


async def test_raw_errors_have_telegrams_shape(api: FakeBotAPI) -> None:
    async with aiohttp.ClientSession() as http:
        url = f"{api.base_url}{api.token}"
        async with http.post(f"{url}/sendMesage", data={"chat_id": "1"}) as reply:
            assert reply.status == 404
            assert await reply.json() == {
                "ok": False,
                "error_code": 404,
                "description": "Not Found",
            }
        async with http.post(f"{url}/sendMessage", data={"text": "hi"}) as reply:
            assert (await reply.json())["description"] == "Bad Request: chat_id is empty"
        async with http.post(
            f"{url}/sendmessage", json={"chat_id": LILEI.telegram_id, "text": "json body"}
        ) as reply:
            assert (await reply.json())["result"]["text"] == "json body"
        async with http.post(
            f"{url}/sendMessage", data={"chat_id": "2001", "text": "x", "reply_markup": "{"}
        ) as reply:
            assert reply.status == 400
            assert "can't parse reply keyboard markup" in (await reply.json())["description"]


async def test_a_reply_in_a_group_quotes_the_users_message(
    api: FakeBotAPI, bot: ExtBot[None]
) -> None:
    said = api.user_sends(LILEI.telegram_id, "我能来", chat_id=GROUP)["message"]["message_id"]

    await bot.send_message(GROUP, "好的", reply_to_message_id=said)
    with pytest.raises(BadRequest, match="Message to be replied not found"):
        await bot.send_message(GROUP, "好的", reply_to_message_id=said + 50)


async def test_surrounding_whitespace_is_trimmed_and_entities_follow(
    api: FakeBotAPI, bot: ExtBot[None]
) -> None:
    await bot.send_message(LILEI.telegram_id, "\n  <b>提醒</b>  \n", parse_mode="HTML")

    stored = api.chat(LILEI.telegram_id).last_bot_message()
    assert (stored.text, stored.entities) == ("提醒", [{"type": "bold", "offset": 0, "length": 2}])


async def test_a_live_ui_hears_about_every_message_and_edit(
    api: FakeBotAPI, bot: ExtBot[None]
) -> None:
    events = api.subscribe()

    api.user_sends(LILEI.telegram_id, "/start")
    sent = await bot.send_message(LILEI.telegram_id, "欢迎")
    await bot.edit_message_text("欢迎!", LILEI.telegram_id, sent.message_id)

    seen = [events.get_nowait() for _ in range(3)]
    assert [(e["type"], e["message"]["text"], e["message"]["from_bot"]) for e in seen] == [
        ("message", "/start", False),
        ("message", "欢迎", True),
        ("edit", "欢迎!", True),
    ]
    assert {e["chat_id"] for e in seen} == {LILEI.telegram_id}


async def test_get_chat_describes_private_chats_and_groups(bot: ExtBot[None]) -> None:
    private = await bot.get_chat(LILEI.telegram_id)
    group = await bot.get_chat(GROUP)

    assert (private.type, private.username) == ("private", LILEI.username)
    assert (group.type, group.title) == ("group", "志愿者群")
