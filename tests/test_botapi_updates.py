"""Users' actions reach the bot as real updates, by long polling or one by one."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import pytest
from telegram import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, ContextTypes, ExtBot

from demo.botapi import FakeBotAPI
from tests.fake_botapi import bot_for, running
from tests.personas import LILEI


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
async def api(clock: FakeClock) -> AsyncIterator[FakeBotAPI]:
    async with running(FakeBotAPI(clock=clock)) as fake:
        fake.add_user(LILEI.telegram_id, LILEI.first_name, username=LILEI.username)
        yield fake


@pytest.fixture
async def bot(api: FakeBotAPI) -> AsyncIterator[ExtBot[None]]:
    async with bot_for(api) as connected:
        yield connected


def pending(api: FakeBotAPI) -> dict[str, Any]:
    update = api.next_update()
    assert update is not None, "the user did nothing the bot has not seen"
    return update


def sign_up_keyboard() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[InlineKeyboardButton("报名", callback_data="v1:signup:7")]])


async def test_a_waiting_long_poll_returns_as_soon_as_the_user_writes(
    api: FakeBotAPI, bot: ExtBot[None]
) -> None:
    poll = asyncio.create_task(bot.get_updates(timeout=10))
    await api.wait_for(lambda: api.polls_waiting == 1)
    api.user_sends(LILEI.telegram_id, "/start 邀请码")

    updates = await asyncio.wait_for(poll, 2)

    message = updates[0].message
    assert message is not None and message.text == "/start 邀请码"
    assert message.from_user is not None and message.from_user.username == LILEI.username
    assert message.parse_entities() == {message.entities[0]: "/start"}


async def test_an_offset_confirms_earlier_updates(api: FakeBotAPI, bot: ExtBot[None]) -> None:
    first = api.user_sends(LILEI.telegram_id, "一")
    api.user_sends(LILEI.telegram_id, "二")

    assert len(await bot.get_updates(timeout=0)) == 2
    again = await bot.get_updates(offset=first["update_id"] + 1, timeout=0)

    assert [u.message.text for u in again if u.message] == ["二"]


async def test_an_empty_long_poll_times_out_with_nothing(bot: ExtBot[None]) -> None:
    assert await bot.get_updates(timeout=0) == ()


async def test_pressing_a_button_gives_a_callback_query_ptb_understands(
    api: FakeBotAPI, bot: ExtBot[None]
) -> None:
    sent = await bot.send_message(LILEI.telegram_id, "周六清扫", reply_markup=sign_up_keyboard())

    raw = api.user_presses(LILEI.telegram_id, sent.message_id, "v1:signup:7")

    update = Update.de_json(pending(api), bot)
    assert update is not None and update.update_id == raw["update_id"]
    query = update.callback_query
    assert isinstance(query, CallbackQuery) and query.data == "v1:signup:7"
    assert query.from_user.id == LILEI.telegram_id
    assert query.message is not None and query.message.message_id == sent.message_id
    assert await query.answer("已报名")
    assert api.callback_answers[-1]["text"] == "已报名"


async def test_a_user_cannot_press_a_button_the_message_does_not_have(
    api: FakeBotAPI, bot: ExtBot[None]
) -> None:
    sent = await bot.send_message(LILEI.telegram_id, "周六清扫", reply_markup=sign_up_keyboard())

    with pytest.raises(ValueError, match="no button"):
        api.user_presses(LILEI.telegram_id, sent.message_id, "v1:admin:delete")
    forged = api.user_presses(LILEI.telegram_id, sent.message_id, "v1:admin:delete", forge=True)
    assert forged["callback_query"]["data"] == "v1:admin:delete"


async def test_a_callback_query_is_answered_once_and_only_within_15_seconds(
    api: FakeBotAPI, bot: ExtBot[None], clock: FakeClock
) -> None:
    sent = await bot.send_message(LILEI.telegram_id, "周六清扫", reply_markup=sign_up_keyboard())
    late = api.user_presses(LILEI.telegram_id, sent.message_id, "v1:signup:7")
    prompt = api.user_presses(LILEI.telegram_id, sent.message_id, "v1:signup:7")

    await bot.answer_callback_query(prompt["callback_query"]["id"])
    with pytest.raises(BadRequest, match="Query is too old"):
        await bot.answer_callback_query(prompt["callback_query"]["id"])
    clock.now += 15.5
    with pytest.raises(BadRequest, match="Query is too old"):
        await bot.answer_callback_query(late["callback_query"]["id"])


async def test_an_application_handles_updates_fed_one_by_one(api: FakeBotAPI) -> None:
    async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None
        await update.effective_message.reply_html("<b>欢迎</b>", reply_markup=sign_up_keyboard())

    async def pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.callback_query is not None
        await update.callback_query.answer()
        await update.callback_query.edit_message_text("已报名")

    app = Application.builder().token(api.token).base_url(api.base_url).build()
    app.add_handlers([CommandHandler("start", start), CallbackQueryHandler(pressed)])
    async with app:
        api.user_sends(LILEI.telegram_id, "/start")
        await app.process_update(Update.de_json(pending(api), app.bot))
        shown = api.chat(LILEI.telegram_id).last_bot_message()
        api.user_presses(LILEI.telegram_id, shown.message_id, "v1:signup:7")
        await app.process_update(Update.de_json(pending(api), app.bot))

    assert api.chat(LILEI.telegram_id).last_bot_message().text == "已报名"
    assert api.next_update() is None


async def test_a_polling_application_sees_what_users_send(api: FakeBotAPI) -> None:
    async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None
        await update.effective_message.reply_text("收到")

    app = Application.builder().token(api.token).base_url(api.base_url).build()
    app.add_handler(CommandHandler("help", echo))
    async with app:
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0)
        await app.start()
        api.user_sends(LILEI.telegram_id, "/help")
        await api.wait_for(lambda: len(api.chat(LILEI.telegram_id).bot_messages()) == 1)
        await app.updater.stop()
        await app.stop()

    assert api.chat(LILEI.telegram_id).last_bot_message().text == "收到"


async def test_wait_for_says_what_happened_when_it_times_out(api: FakeBotAPI) -> None:
    with pytest.raises(TimeoutError, match="last Bot API calls"):
        await api.wait_for(lambda: False, timeout=0.05)
