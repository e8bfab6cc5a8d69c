"""Reminders say when: "明天 09:00" / "tomorrow 09:00" a day before, "2 小时后" / "in 2 hours"
near the start, counted from the moment they are sent; the later one does not ask again of
someone who said "I'll be there"."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.i18n import translator
from bot.views.starts_when import starts_when
from tests.harness import Harness, button_labels
from tests.personas import EMMA, LILEI
from tests.test_reminders import STARTS_IN, post

SHANGHAI = "Asia/Shanghai"
START = datetime(2026, 12, 5, 1, 0, tzinfo=UTC)  # Saturday 09:00 in Shanghai


@pytest.mark.parametrize(
    ("before", "zh", "en"),
    [
        (timedelta(hours=24), "明天 09:00 开始", "starts tomorrow 09:00"),
        (timedelta(hours=2), "将在 2 小时后开始", "starts in 2 hours"),
        (timedelta(hours=1, minutes=55), "将在 2 小时后开始", "starts in 2 hours"),
        (timedelta(hours=1), "将在 1 小时后开始", "starts in 1 hour"),
        (timedelta(minutes=44), "将在 45 分钟后开始", "starts in 45 minutes"),
        (timedelta(minutes=1), "将在 1 分钟后开始", "starts in 1 minute"),
        (timedelta(hours=7), "今天 09:00 开始", "starts today 09:00"),
        (timedelta(days=3), "12月5日 周六 09:00 开始", "starts Sat 5 Dec 09:00"),
    ],
)
def test_the_start_is_said_from_the_sending_moment(before: timedelta, zh: str, en: str) -> None:
    now = START - before
    assert starts_when(START, SHANGHAI, now, "zh", translator("zh")) == zh
    assert starts_when(START, SHANGHAI, now, "en", translator("en")) == en


async def test_the_two_reminders_say_tomorrow_then_in_two_hours(harness: Harness) -> None:
    start = harness.clock.now()
    shift_id = post(harness)
    harness.given_signed_up(LILEI, shift_id)
    harness.given_signed_up(EMMA, shift_id)

    harness.clock.set(start + STARTS_IN - timedelta(hours=24))
    await harness.dispatch()
    assert harness.person(LILEI).last().text.startswith("⏰ 提醒：您报名的岗位明天 09:00 开始。")
    assert (
        harness.person(EMMA)
        .last()
        .text.startswith("⏰ Reminder: your shift starts tomorrow 09:00.")
    )

    harness.clock.set(start + STARTS_IN - timedelta(hours=2))
    await harness.dispatch()
    lilei, emma = harness.person(LILEI).last(), harness.person(EMMA).last()
    assert lilei.text.startswith("⏰ 提醒：您报名的岗位将在 2 小时后开始。")
    assert emma.text.startswith("⏰ Reminder: your shift starts in 2 hours.")
    assert button_labels(lilei) == ["✅ 我会准时到", "🙅 我去不了"]  # not answered: asked again


async def test_the_later_reminder_does_not_ask_again_after_ill_be_there(harness: Harness) -> None:
    start = harness.clock.now()
    shift_id = post(harness)
    harness.given_signed_up(EMMA, shift_id)
    harness.clock.set(start + STARTS_IN - timedelta(hours=24))
    await harness.dispatch()
    await harness.person(EMMA).press("✅ I'll be there")

    harness.clock.set(start + STARTS_IN - timedelta(hours=2))
    await harness.dispatch()
    second = harness.person(EMMA).last()
    assert second.text.startswith("⏰ Reminder: your shift starts in 2 hours.")
    assert second.text.endswith("You said you will be there. See you!")
    assert "Can you make it?" not in second.text
    assert button_labels(second) == []


async def test_i_cant_come_names_the_waitlist_only_when_someone_is_on_it(harness: Harness) -> None:
    shift_id = post(harness, capacity=2)
    harness.given_signed_up(LILEI, shift_id)
    harness.clock.set(harness.clock.now() + STARTS_IN - timedelta(hours=24))
    await harness.dispatch()

    question = await harness.person(LILEI).press("🙅 我去不了")
    assert question.text.endswith("确定取消报名吗？我们会告知岗位负责人。")
    assert "候补" not in question.text
    assert button_labels(question) == ["确定，取消报名", "不，我会去"]
