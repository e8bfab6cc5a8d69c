"""Coordinators post shifts: the guided wizard in both languages, the one-liner, and bad input."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from sqlmodel import select

from data.models import Role, Shift
from demo.botapi import SentMessage
from tests.fake_botapi import user_edits_last_message
from tests.harness import Harness, Person, button_labels
from tests.personas import ADMIN, COORDINATOR


def now_reads(harness: Harness, person: Person, message: SentMessage) -> SentMessage:
    """``message`` as it is in the chat now (edits included)."""
    return harness.api.chat(person.id).find(message.message_id) or message


def shifts(harness: Harness) -> list[Shift]:
    with harness.store.session() as session:
        return list(session.exec(select(Shift).order_by(Shift.id)))  # type: ignore[arg-type]


async def test_a_coordinator_posts_a_shift_step_by_step_in_chinese(harness: Harness) -> None:
    harness.given_registered(COORDINATOR, role=Role.COORDINATOR)
    wang = harness.person(COORDINATOR)

    assert "第 1 步" in (await wang.send("/newshift")).text
    assert "请选择日期" in (await wang.send("文明交通劝导")).text
    await wang.press("明天 · 12月2日 周三")
    assert "请选择时间段" in wang.last().text
    await wang.press("09:00–11:00")
    assert "请输入集合地点" in wang.last().text
    await wang.send("民主路口")
    await wang.press("6")
    card = wang.last()
    assert "请核对" in card.text
    assert "12月2日 周三 09:00–11:00" in card.text
    assert "招募 6 人" in card.text

    posted = await wang.press("✅ 发布", card)

    assert "已发布岗位（编号 1）" in posted.text
    # The follow-up commands are buttons now, not numbers to type.
    assert button_labels(posted) == ["📋 名单", "✏️ 修改", "❌ 取消岗位"]
    [shift] = shifts(harness)
    assert (shift.title, shift.location, shift.capacity) == ("文明交通劝导", "民主路口", 6)
    assert shift.starts_at == datetime(2026, 12, 2, 1, 0, tzinfo=UTC)
    assert shift.ends_at == datetime(2026, 12, 2, 3, 0, tzinfo=UTC)


async def test_an_admin_posts_in_english_typing_instead_of_tapping(harness: Harness) -> None:
    harness.given_registered(ADMIN, language="en", role=Role.ADMIN)
    chen = harness.person(ADMIN)

    assert "Step 1 of 5" in (await chen.send("/newshift")).text
    await chen.send("Food safety promotion")
    assert "Which day?" in chen.last().text
    await chen.send("12-05")
    assert "What time?" in chen.last().text
    await chen.send("14:00～16:00")
    await chen.send("Central farmers' market")
    await chen.send("１０")
    assert "Sat 5 Dec 14:00–16:00" in chen.last().text

    posted = await chen.press("✅ Post")

    assert "Posted shift No. 1." in posted.text
    [shift] = shifts(harness)
    assert shift.capacity == 10
    assert shift.starts_at == datetime(2026, 12, 5, 6, 0, tzinfo=UTC)


async def test_the_wizard_offers_the_coordinators_recent_places(harness: Harness) -> None:
    harness.given_registered(COORDINATOR, role=Role.COORDINATOR)
    wang = harness.person(COORDINATOR)
    await wang.send("/newshift 12-05 09:00-11:00 | 文明交通劝导 | 民主路口 | 6")

    await wang.send("/newshift")
    await wang.send("市场环境整治")
    await wang.press("明天 · 12月2日 周三")
    await wang.press("14:00–16:00")
    assert "最近使用过的地点" in wang.last().text
    await wang.press("民主路口")
    await wang.press("4")
    await wang.press("✅ 发布")

    assert [s.location for s in shifts(harness)] == ["民主路口", "民主路口"]


async def test_the_wizard_explains_bad_answers_and_keeps_asking(harness: Harness) -> None:
    harness.given_registered(COORDINATOR, role=Role.COORDINATOR)
    wang = harness.person(COORDINATOR)
    await wang.send("/newshift")

    assert "200" in (await wang.send("长" * 201)).text
    await wang.send("文明交通劝导")
    assert "不是有效的日期" in (await wang.send("2026-02-30")).text
    assert "已经过去" in (await wang.send("2026-11-30")).text
    await wang.send("12-05")
    assert "09:00-11:00" in (await wang.send("上午")).text
    assert "结束时间" in (await wang.send("11:00-09:00")).text
    await wang.send("09:00-11:00")
    await wang.send("民主路口")
    assert "1 到 1000" in (await wang.send("0")).text
    assert "1 到 1000" in (await wang.send("1001")).text
    assert "1 到 1000" in (await wang.send("-1")).text
    await wang.send("6")
    assert "请点击上方" in (await wang.send("好的")).text

    await wang.press("✅ 发布")

    assert len(shifts(harness)) == 1


async def test_a_typed_answer_takes_the_steps_buttons_away(harness: Harness) -> None:
    """The day was typed: the day buttons go from the question, so nothing is left on screen
    that would only say the button has expired, and the wizard carries on."""
    harness.given_registered(COORDINATOR, role=Role.COORDINATOR)
    wang = harness.person(COORDINATOR)
    await wang.send("/newshift")
    day_prompt = await wang.send("文明交通劝导")
    assert "明天 · 12月2日 周三" in button_labels(day_prompt)
    time_prompt = await wang.send("12-05")

    assert button_labels(now_reads(harness, wang, day_prompt)) == []
    assert button_labels(time_prompt)  # the new question has its own
    await wang.send("09:00-11:00")
    assert button_labels(now_reads(harness, wang, time_prompt)) == []
    assert "请输入集合地点" in wang.last().text


async def test_an_old_press_is_still_explained_not_dead(harness: Harness) -> None:
    """A button press from a step already answered (by another device) says to answer the
    newest question, and the wizard carries on where it was."""
    harness.given_registered(COORDINATOR, role=Role.COORDINATOR)
    wang = harness.person(COORDINATOR)
    await wang.send("/newshift")
    day_prompt = await wang.send("文明交通劝导")
    tomorrow = harness.api.find_button(day_prompt, "明天 · 12月2日 周三")
    await wang.press("明天 · 12月2日 周三", day_prompt)
    await wang.press_data(tomorrow, day_prompt)

    alert = wang.last_answer()
    assert alert["show_alert"] and "请回复我最新的一条消息" in alert["text"]
    await wang.send("09:00-11:00")
    assert "请输入集合地点" in wang.last().text


async def test_text_on_the_last_look_names_every_button(harness: Harness) -> None:
    harness.given_registered(COORDINATOR, role=Role.COORDINATOR)
    wang = harness.person(COORDINATOR)
    await wang.send("/newshift")
    for answer in ("文明交通劝导", "12-05", "09:00-11:00", "民主路口", "6"):
        await wang.send(answer)

    nudge = await wang.send("每周五")

    assert "✅ 发布" in nudge.text and "🔁 重复…" in nudge.text


async def test_the_english_wizard_and_its_refusals_give_english_examples(
    harness: Harness,
) -> None:
    harness.given_registered(ADMIN, language="en", role=Role.ADMIN)
    chen = harness.person(ADMIN)

    title = await chen.send("/newshift")
    await chen.send("Traffic civility duty")
    await chen.send("12-05")
    place = await chen.send("09:00-11:00")
    await chen.send("/cancel")
    missing = await chen.send("/newshift 12-05 09:00-11:00 | Traffic civility duty")
    empty = await chen.send("/newshift 12-05 09:00-11:00 |  | Minzhu Rd crossing | 6")

    assert "e.g. Traffic civility duty" in title.text
    assert "e.g. Minzhu Rd crossing" in place.text
    assert "| Traffic civility duty | Minzhu Rd crossing | 6" in missing.text
    assert "e.g. Traffic civility duty" in empty.text
    for message in (title, place, missing, empty):
        assert not re.search(r"[\u4e00-\u9fff]", message.text), message.text


async def test_cancel_stops_the_wizard_at_any_step_and_stores_nothing(harness: Harness) -> None:
    harness.given_registered(COORDINATOR, role=Role.COORDINATOR)
    wang = harness.person(COORDINATOR)
    await wang.send("/newshift")
    await wang.send("文明交通劝导")
    await wang.press("明天 · 12月2日 周三")

    stopped = await wang.send("/cancel")

    assert "未发布任何岗位" in stopped.text
    assert shifts(harness) == []
    # The conversation is over: text is no longer read as an answer.
    assert "已发布" not in (await wang.send("09:00-11:00")).text


async def test_the_cancel_button_on_the_last_look_stores_nothing(harness: Harness) -> None:
    harness.given_registered(COORDINATOR, role=Role.COORDINATOR)
    wang = harness.person(COORDINATOR)
    await wang.send("/newshift 12-05 09:00-11:00 | a | b | 6 ")
    await wang.send("/newshift")
    for answer in ("文明交通劝导", "12-06", "09:00-11:00", "民主路口", "6"):
        await wang.send(answer)

    stopped = await wang.press("✖️ 取消")

    assert "未发布任何岗位" in stopped.text
    assert len(shifts(harness)) == 1


async def test_the_one_liner_posts_at_once_and_shows_the_number(harness: Harness) -> None:
    harness.given_registered(COORDINATOR, language="en", role=Role.COORDINATOR)
    wang = harness.person(COORDINATOR)

    reply = await wang.send(
        "/newshift 2026-12-05 09:00-11:00 | Traffic civility duty | Minzhu Rd crossing | 6"
    )

    assert "Posted shift No. 1." in reply.text
    assert "Traffic civility duty" in reply.text
    assert "Sat 5 Dec 09:00–11:00" in reply.text
    assert "0/6" in reply.text


async def test_the_one_liner_takes_full_width_bars_and_tomorrow_in_chinese(
    harness: Harness,
) -> None:
    harness.given_registered(COORDINATOR, role=Role.COORDINATOR)
    wang = harness.person(COORDINATOR)

    reply = await wang.send("/newshift 明天 ９：００－１１：００｜文明交通劝导｜民主路口｜６")

    assert "已发布岗位（编号 1）" in reply.text
    [shift] = shifts(harness)
    assert shift.starts_at == datetime(2026, 12, 2, 1, 0, tzinfo=UTC)
    assert (shift.title, shift.capacity) == ("文明交通劝导", 6)


async def test_a_repeat_part_posts_a_regular_shift(harness: Harness) -> None:
    harness.given_registered(COORDINATOR, role=Role.COORDINATOR)
    wang = harness.person(COORDINATOR)

    reply = await wang.send("/newshift 12-05 09:00-11:00 | 文明交通劝导 | 民主路口 | 6 | 每周五")

    assert "已发布常态化岗位 R1" in reply.text and "每周五" in reply.text
    assert {s.series_id for s in shifts(harness)} == {1}  # more in tests/test_series_bot.py


async def test_html_in_a_title_is_shown_literally(harness: Harness) -> None:
    harness.given_registered(COORDINATOR, role=Role.COORDINATOR)
    wang = harness.person(COORDINATOR)

    reply = await wang.send("/newshift 12-05 09:00-11:00 | <b>劝导</b> & 宣传 | <i>路口</i> | 6")

    assert "<b>劝导</b> & 宣传" in reply.text
    assert "<i>路口</i>" in reply.text
    assert shifts(harness)[0].title == "<b>劝导</b> & 宣传"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("2026-11-30 09:00-11:00 | 文明交通劝导 | 民主路口 | 6", "已经过去"),
        ("today 08:00-08:30 | 文明交通劝导 | 民主路口 | 6", "已经过去"),
        ("12-05 11:00-09:00 | 文明交通劝导 | 民主路口 | 6", "结束时间"),
        ("2026-02-30 09:00-11:00 | 文明交通劝导 | 民主路口 | 6", "2026-02-30"),
        ("2026-12-05 9点-11点 | 文明交通劝导 | 民主路口 | 6", "9点-11点"),
        ("下周五 09:00-11:00 | 文明交通劝导 | 民主路口 | 6", "下周五"),
        ("12-05 09:00-11:00 | 文明交通劝导 | 民主路口 | 0", "1 到 1000"),
        ("12-05 09:00-11:00 | 文明交通劝导 | 民主路口 | -1", "1 到 1000"),
        ("12-05 09:00-11:00 | 文明交通劝导 | 民主路口 | 1001", "1 到 1000"),
        ("12-05 09:00-11:00 | 文明交通劝导 | 民主路口 | 六", "1 到 1000"),
        ("12-05 09:00-11:00 | 文明交通劝导 | 民主路口", "信息不完整"),
        ("12-05 09:00-11:00 | a | b | 6 | weekly | more", "分隔符"),
        ("12-05 09:00-11:00 | " + "题" * 201 + " | 民主路口 | 6", "201"),
        ("12-05 09:00-11:00 | 文明交通劝导 | " + "路" * 201 + " | 6", "201"),
        ("12-05 09:00-11:00 |  | 民主路口 | 6", "标题"),
    ],
)
async def test_each_bad_one_liner_is_explained_and_nothing_is_stored(
    harness: Harness, line: str, expected: str
) -> None:
    harness.given_registered(COORDINATOR, role=Role.COORDINATOR)
    wang = harness.person(COORDINATOR)

    reply = await wang.send("/newshift " + line)

    assert expected in reply.text
    assert "已发布" not in reply.text
    assert shifts(harness) == []


# An edited message is not a new command.


async def test_editing_a_posted_one_liner_does_not_post_the_shift_twice(harness: Harness) -> None:
    harness.given_registered(COORDINATOR, role=Role.COORDINATOR)
    wang = harness.person(COORDINATOR)
    await wang.send("/newshift 2026-12-05 09:00-11:00 | 文明交通劝导 | 民主路口 | 6")
    assert len(shifts(harness)) == 1
    user_edits_last_message(
        harness.api, wang.id, "/newshift 2026-12-05 09:00-11:00 | 文明交通劝导 | 民主路口 | 8"
    )
    await harness.deliver()
    assert len(shifts(harness)) == 1
