"""Keyboards are checked like Telegram checks them: callback data is counted in bytes."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import BadRequest
from telegram.ext import ExtBot

from demo.botapi import FakeBotAPI
from tests.fake_botapi import bot_for, running
from tests.personas import LILEI


@pytest.fixture
async def api() -> AsyncIterator[FakeBotAPI]:
    async with running() as fake:
        fake.add_user(LILEI.telegram_id, LILEI.first_name)
        yield fake


@pytest.fixture
async def bot(api: FakeBotAPI) -> AsyncIterator[ExtBot[None]]:
    async with bot_for(api) as connected:
        yield connected


def one_button(**kwargs: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[InlineKeyboardButton("按钮", **kwargs)]])  # type: ignore[arg-type]


async def test_callback_data_of_64_bytes_fits(api: FakeBotAPI, bot: ExtBot[None]) -> None:
    data = "v1:" + "班" * 20 + "x"  # 3 + 60 + 1 = 64 bytes

    sent = await bot.send_message(
        LILEI.telegram_id, "选", reply_markup=one_button(callback_data=data)
    )

    assert (
        api.user_presses(LILEI.telegram_id, sent.message_id, data)["callback_query"]["data"] == data
    )


async def test_22_cjk_characters_are_66_bytes_and_too_long(bot: ExtBot[None]) -> None:
    with pytest.raises(BadRequest, match="Button_data_invalid"):
        await bot.send_message(
            LILEI.telegram_id, "选", reply_markup=one_button(callback_data="班" * 22)
        )


async def test_a_button_must_do_exactly_one_thing(bot: ExtBot[None]) -> None:
    with pytest.raises(BadRequest, match=r"(?i)exactly one of the optional fields"):
        await bot.send_message(
            LILEI.telegram_id,
            "选",
            reply_markup=one_button(callback_data="a", url="https://example.org"),
        )


async def test_a_button_that_does_nothing_is_refused(bot: ExtBot[None]) -> None:
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("只是文字")]])

    with pytest.raises(BadRequest, match="Text buttons are unallowed"):
        await bot.send_message(LILEI.telegram_id, "选", reply_markup=markup)


async def test_a_keyboard_edit_to_the_same_keyboard_is_not_modified(bot: ExtBot[None]) -> None:
    sent = await bot.send_message(
        LILEI.telegram_id, "选", reply_markup=one_button(callback_data="a")
    )

    await bot.edit_message_reply_markup(
        LILEI.telegram_id, sent.message_id, reply_markup=one_button(callback_data="b")
    )
    with pytest.raises(BadRequest, match="Message is not modified"):
        await bot.edit_message_reply_markup(
            LILEI.telegram_id, sent.message_id, reply_markup=one_button(callback_data="b")
        )
