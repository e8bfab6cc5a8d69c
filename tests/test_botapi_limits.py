"""With limits on, the fake answers floods with 429 and retry_after, on its own clock."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import RetryAfter
from telegram.ext import ExtBot

from demo.botapi import FakeBotAPI, RateLimits
from tests.fake_botapi import bot_for, running
from tests.personas import EMMA, LILEI

GROUP = -200
# PTB itself reads RetryAfter.retry_after when it formats the error; its int->timedelta
# deprecation notice is not ours to act on.
pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")


class FakeClock:
    def __init__(self) -> None:
        self.now = 50.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
async def api(clock: FakeClock) -> AsyncIterator[FakeBotAPI]:
    async with running(FakeBotAPI(limits=RateLimits(), clock=clock)) as fake:
        for user_id in range(3000, 3040):
            fake.add_user(user_id, f"志愿者{user_id}")
        fake.add_user(LILEI.telegram_id, LILEI.first_name)
        fake.add_user(EMMA.telegram_id, EMMA.first_name)
        fake.add_group(GROUP, "清扫队")
        yield fake


@pytest.fixture
async def bot(api: FakeBotAPI) -> AsyncIterator[ExtBot[None]]:
    async with bot_for(api) as connected:
        yield connected


def last_refusal(api: FakeBotAPI) -> str | None:
    # PTB warns when RetryAfter.retry_after is read (int -> timedelta); the record has it.
    return api.requests[-1].description


async def test_a_second_message_to_one_chat_in_a_second_must_wait(
    api: FakeBotAPI, bot: ExtBot[None], clock: FakeClock
) -> None:
    await bot.send_message(LILEI.telegram_id, "一")
    await bot.send_message(EMMA.telegram_id, "another chat is fine")

    with pytest.raises(RetryAfter):
        await bot.send_message(LILEI.telegram_id, "二")

    assert api.requests[-1].status == 429
    assert last_refusal(api) == "Too Many Requests: retry after 1"
    clock.now += 1.0
    await bot.send_message(LILEI.telegram_id, "二")
    assert [m.text for m in api.chat(LILEI.telegram_id).bot_messages()] == ["一", "二"]


async def test_edits_and_answers_do_not_count_as_sends(api: FakeBotAPI, bot: ExtBot[None]) -> None:
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("ok", callback_data="ok")]])
    sent = await bot.send_message(LILEI.telegram_id, "一", reply_markup=markup)

    await bot.edit_message_text("二", LILEI.telegram_id, sent.message_id)
    await bot.edit_message_text("三", LILEI.telegram_id, sent.message_id)

    assert all(r.status == 200 for r in api.requests)


async def test_a_group_takes_twenty_messages_a_minute(
    api: FakeBotAPI, bot: ExtBot[None], clock: FakeClock
) -> None:
    for _ in range(20):
        await bot.send_message(GROUP, "通知")
        clock.now += 1.0

    with pytest.raises(RetryAfter):
        await bot.send_message(GROUP, "第21条")

    # Sent at 50..69, now 70: the first leaves the minute at 110.
    assert last_refusal(api) == "Too Many Requests: retry after 40"
    clock.now += 40
    await bot.send_message(GROUP, "第21条")


async def test_all_chats_together_take_thirty_a_second(api: FakeBotAPI, bot: ExtBot[None]) -> None:
    for user_id in range(3000, 3030):
        await bot.send_message(user_id, "提醒")

    with pytest.raises(RetryAfter):
        await bot.send_message(3030, "提醒")
    assert sum(r.status == 429 for r in api.requests) == 1


async def test_without_limits_nothing_is_throttled() -> None:
    async with running() as api:
        api.add_user(LILEI.telegram_id, LILEI.first_name)
        async with bot_for(api) as bot:
            for _ in range(5):
                await bot.send_message(LILEI.telegram_id, "快")
    assert all(r.status == 200 for r in api.requests)
