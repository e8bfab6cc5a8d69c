"""A coordinator runs everything from buttons: the picker, the card's actions, the digest's cards,
one numbering everywhere, and recent places when editing the place."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from bot.actions import Action, encode
from data.models import Role, ShiftStatus, Volunteer
from tests import series_fixtures
from tests.harness import Harness, Person, button_labels
from tests.personas import COORDINATOR, LILEI
from tests.test_digest import send_digests


@pytest.fixture
def wang(harness: Harness) -> Person:
    harness.given_registered(COORDINATOR, role=Role.COORDINATOR)
    return harness.person(COORDINATOR)


def post_days(harness: Harness, *days: int) -> list[int]:
    return [
        harness.given_shift(by=COORDINATOR, starts_in=timedelta(days=d), title=f"岗位{d}")
        for d in days
    ]


@pytest.mark.parametrize("command", ["/roster", "/editshift", "/cancelshift"])
async def test_a_command_without_a_number_offers_a_paged_picker(
    harness: Harness, wang: Person, command: str
) -> None:
    ids = post_days(harness, 7, 2, 3, 4, 5, 6, 8)  # posted out of order
    first = await wang.send(command)
    assert first.text.startswith("请选择岗位（第 1–5 个，共 7 个）")
    labels = button_labels(first)
    assert labels[:5] == [
        f"编号 {ids[1]} · 12月3日 周四 09:00 岗位2",
        f"编号 {ids[2]} · 12月4日 周五 09:00 岗位3",
        f"编号 {ids[3]} · 12月5日 周六 09:00 岗位4",
        f"编号 {ids[4]} · 12月6日 周日 09:00 岗位5",
        f"编号 {ids[5]} · 12月7日 周一 09:00 岗位6",
    ]
    assert labels[5:] == ["下一页 ›"]
    second = await wang.press("下一页 ›")
    assert second.message_id == first.message_id  # edited in place
    assert second.text.startswith("请选择岗位（第 6–7 个，共 7 个）")
    assert button_labels(second) == [
        f"编号 {ids[0]} · 12月8日 周二 09:00 岗位7",
        f"编号 {ids[6]} · 12月9日 周三 09:00 岗位8",
        "‹ 上一页",
    ]
    back = await wang.press("‹ 上一页")
    assert back.text.startswith("请选择岗位（第 1–5 个")


async def test_picking_starts_the_commands_own_flows(harness: Harness, wang: Person) -> None:
    [shift_id] = post_days(harness, 2)
    harness.given_signed_up(LILEI, shift_id)

    label = f"编号 {shift_id} · 12月3日 周四 09:00 岗位2"
    await wang.send("/roster")
    roster = await wang.press(label)
    assert "名单" in wang.last().text and "李雷" in wang.last().text
    assert roster.message_id != wang.last().message_id  # the picker stays for another pick

    await wang.send("/editshift")
    await wang.press(label)
    assert "请选择要修改的项目" in wang.last().text
    await wang.press("招募人数")
    await wang.send("8")
    await wang.press("✅ 保存")
    assert harness.shift(shift_id).capacity == 8

    await wang.send("/cancelshift")
    await wang.press(label)
    assert "确定取消这个岗位吗" in wang.last().text
    await wang.press("❌ 确定取消岗位")
    assert harness.shift(shift_id).status == ShiftStatus.CANCELLED


async def test_the_card_carries_a_coordinators_actions(harness: Harness, wang: Person) -> None:
    [shift_id] = post_days(harness, 2)
    await wang.send("/shifts")
    card = await wang.press(str(shift_id))
    assert f"编号 {shift_id}" in card.text
    assert button_labels(card) == ["✅ 报名", "📋 名单", "✏️ 修改", "❌ 取消岗位", "‹ 返回"]

    await wang.press("📋 名单", card)
    assert wang.last().text.startswith(f"名单 · 编号 {shift_id}")
    await wang.press("✏️ 修改", card)
    await wang.press("标题")
    await wang.send("食品安全宣传")
    await wang.press("✅ 保存")
    assert harness.shift(shift_id).title == "食品安全宣传"
    await wang.press("❌ 取消岗位", card)
    assert "确定取消这个岗位吗" in wang.last().text


async def test_a_volunteer_sees_no_coordinator_buttons_and_a_forged_one_is_refused(
    harness: Harness,
) -> None:
    [shift_id] = post_days(harness, 2)
    harness.given_registered(LILEI)
    lilei = harness.person(LILEI)
    await lilei.send("/shifts")
    card = await lilei.press(str(shift_id))
    assert button_labels(card) == ["✅ 报名", "‹ 返回"]
    for action in (Action.STAFF_ROSTER, Action.STAFF_EDIT, Action.STAFF_CANCEL):
        await lilei.press_data(encode(action, shift_id), card)
        assert "负责人" in lilei.last_answer()["text"]  # only coordinators may
    await lilei.press_data(encode(Action.PICKER_PAGE, 0, 5), card)
    assert "负责人" in lilei.last_answer()["text"]
    assert harness.shift(shift_id).status == ShiftStatus.OPEN
    assert not any("名单 ·" in text for text in lilei.texts())


async def test_a_demoted_coordinator_is_refused_on_the_next_press(
    harness: Harness, wang: Person
) -> None:
    [shift_id] = post_days(harness, 2)
    await wang.send("/shifts")
    card = await wang.press(str(shift_id))
    with harness.store.session() as session:  # demoted meanwhile, by another admin
        found = select(Volunteer).where(Volunteer.telegram_id == COORDINATOR.telegram_id)
        session.exec(found).one().role = Role.VOLUNTEER
    await wang.press("❌ 取消岗位", card)
    assert "负责人" in wang.last_answer()["text"]
    assert "确定取消这个岗位吗" not in wang.last().text


async def test_series_have_their_own_label_and_skip_from_a_button(
    harness: Harness, wang: Person
) -> None:
    coordinator = harness.given_registered(COORDINATOR, role=Role.COORDINATOR)
    assert coordinator.id is not None
    created = series_fixtures.post(harness.store, harness.clock, coordinator.id)
    series_id = created.series.id
    listing = await wang.send("/series")
    assert f"R{series_id} 文明交通劝导" in listing.text
    assert button_labels(listing) == [f"🗓 R{series_id} 下一次", f"🏮 R{series_id} 停班"]
    card = await wang.press(f"🗓 R{series_id} 下一次", listing)
    assert f"常态化岗位 R{series_id}" in card.text
    assert "🏮 设置停班日期" in button_labels(card)

    await wang.press("🏮 设置停班日期", card)
    example = wang.last().text
    assert f"常态化岗位 R{series_id}（文明交通劝导）哪些日期停班" in example
    assert f"/skip R{series_id} 2026-12-04..2026-12-11" in example

    done = await wang.send(f"/skip R{series_id} 2026-12-11")
    assert f"常态化岗位 R{series_id}（文明交通劝导）在 12月11日 周五 停班" in done.text

    picker = await wang.send("/skip")
    assert picker.text.startswith("请选择常态化岗位（第 1–1 个，共 1 个）")
    await wang.press(f"R{series_id} · 文明交通劝导", picker)
    assert f"/skip R{series_id}" in wang.last().text


async def test_the_list_shows_each_shifts_own_number_as_the_card_and_roster_do(
    harness: Harness, wang: Person
) -> None:
    later, sooner = post_days(harness, 5, 2)
    listing = await wang.send("/shifts")
    assert listing.text.index(f"编号 {sooner} ·") < listing.text.index(f"编号 {later} ·")
    assert button_labels(listing) == [str(sooner), str(later)]
    card = await wang.press(str(later), listing)
    assert f"编号 {later}" in card.text and "岗位5" in card.text
    roster = await wang.send(f"/roster {later}")
    assert "岗位5" in roster.text


async def test_posting_offers_the_follow_up_as_buttons(harness: Harness, wang: Person) -> None:
    posted = await wang.send("/newshift 2026-12-05 09:00-11:00 | 文明交通劝导 | 民主路口 | 6")
    assert button_labels(posted) == ["📋 名单", "✏️ 修改", "❌ 取消岗位"]
    assert "/roster" not in posted.text


async def test_editing_the_place_offers_recent_places(harness: Harness, wang: Person) -> None:
    harness.given_shift(by=COORDINATOR, location="中心农贸市场")
    shift_id = harness.given_shift(by=COORDINATOR, location="民主路口")
    await wang.send(f"/editshift {shift_id}")
    prompt = await wang.press("地点")
    prompt = wang.last()
    assert button_labels(prompt) == ["中心农贸市场"]  # the current place is not offered
    await wang.press("中心农贸市场", prompt)
    assert "中心农贸市场" in wang.last().text
    await wang.press("✅ 保存")
    assert harness.shift(shift_id).location == "中心农贸市场"


async def test_the_digests_understaffed_shifts_open_their_cards(
    harness: Harness, wang: Person
) -> None:
    [shift_id] = post_days(harness, 1)
    await send_digests(harness)
    digest = wang.message_with_button(f"编号 {shift_id} · 岗位1")
    assert "缺员" in digest.text
    card = await wang.press(f"编号 {shift_id} · 岗位1", digest)
    assert "📋 名单" in button_labels(card)
