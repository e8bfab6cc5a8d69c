"""Stories of volunteers finding a shift and taking a place: the list, the card, sign-up, the
waitlist, and the clash with a shift they already hold."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from data.models import Signup
from tests.harness import Harness, button_labels
from tests.personas import EMMA, LILEI, ZHAO, register_through_bot

# The harness clock reads Tuesday 2026-12-01 09:00 in Shanghai; 4 days on is Saturday the 5th.
SATURDAY = timedelta(days=4)


def post(
    harness: Harness,
    *,
    starts_in: timedelta = SATURDAY,
    title: str = "文明交通劝导",
    capacity: int = 5,
) -> int:
    """A coordinator posts a two-hour shift at 民主路口; returns its number."""
    return harness.given_shift(starts_in=starts_in, title=title, capacity=capacity)


async def test_open_shifts_come_soonest_first_five_to_a_page(harness: Harness) -> None:
    for day in (6, 2, 4, 3, 7, 5, 8):  # posted out of order
        post(harness, starts_in=timedelta(days=day), title=f"岗位{day}")
    lilei = harness.person(LILEI)
    await register_through_bot(lilei)

    first = await lilei.send("/shifts")
    assert first.text.startswith("可报名岗位（第 1–5 个，共 7 个）")
    assert first.text.index("岗位2") < first.text.index("岗位3") < first.text.index("岗位6")
    assert "岗位7" not in first.text
    # Each entry and its button carry the shift's own number (posting order), as its card does.
    assert "编号 2 · 12月3日 周四 09:00–11:00\n岗位2 · 民主路口\n已报名 0/5" in first.text
    assert button_labels(first) == ["2", "4", "3", "6", "1", "›"]

    second = await lilei.press("›")
    assert second.message_id == first.message_id  # edited in place
    assert second.text.startswith("可报名岗位（第 6–7 个，共 7 个）")
    assert "编号 7 · 12月9日 周三" in second.text
    assert button_labels(second) == ["5", "7", "‹"]

    back = await lilei.press("‹")
    assert back.text.startswith("可报名岗位（第 1–5 个")


async def test_signing_up_confirms_with_the_shifts_details(harness: Harness) -> None:
    shift_id = post(harness, capacity=6)
    lilei = harness.person(LILEI)
    await register_through_bot(lilei)
    await lilei.send("/shifts")

    card = await lilei.press("1")
    assert "文明交通劝导\n🕘 12月5日 周六 09:00–11:00\n📍 民主路口\n👥 已报名 0/6" in card.text
    assert f"编号 {shift_id}" in card.text
    assert button_labels(card) == ["✅ 报名", "‹ 返回"]

    card = await lilei.press("✅ 报名")
    assert "✅ 您已报名" in card.text
    assert "👥 已报名 1/6" in card.text
    assert button_labels(card) == ["❌ 取消报名", "‹ 返回"]
    confirmation = lilei.last().text
    assert confirmation.startswith(
        "✅ 报名成功：\n\n文明交通劝导\n🕘 12月5日 周六 09:00–11:00\n📍 民主路口"
    )
    assert "开始前我会提醒您" in confirmation

    listing = await lilei.press("‹ 返回", card)
    assert "✅ 您已报名" in listing.text


async def test_emma_signs_up_in_english(harness: Harness) -> None:
    post(harness)
    emma = harness.person(EMMA)
    await register_through_bot(emma)
    await emma.send("/shifts")
    await emma.press("1")

    card = await emma.press("✅ Sign up")

    assert "🕘 Sat 5 Dec 09:00–11:00" in card.text
    assert "✅ You are signed up" in card.text
    assert emma.last().text.startswith("✅ You are signed up:")
    assert "I will remind you before it starts." in emma.last().text


async def test_the_main_menu_opens_the_list_in_place(harness: Harness) -> None:
    post(harness)
    lilei = harness.person(LILEI)
    await register_through_bot(lilei)
    menu = lilei.message_with_button("📋 可报名岗位")

    listing = await lilei.press("📋 可报名岗位")

    assert listing.message_id == menu.message_id
    assert listing.text.startswith("可报名岗位（第 1–1 个，共 1 个）")


async def test_a_full_shift_offers_the_waitlist_and_says_the_position(harness: Harness) -> None:
    post(harness, capacity=1)
    emma, lilei, zhao = (harness.person(p) for p in (EMMA, LILEI, ZHAO))
    await register_through_bot(emma)
    await register_through_bot(lilei)
    await register_through_bot(zhao)
    await emma.send("/shifts")
    await emma.press("1")
    await emma.press("✅ Sign up")

    await lilei.send("/shifts")
    card = await lilei.press("1")
    assert "已报名 1/1" in card.text
    assert button_labels(card) == ["⏳ 加入候补", "‹ 返回"]
    card = await lilei.press("⏳ 加入候补")
    assert "⏳ 候补第 1 位" in card.text
    assert lilei.last().text.startswith("⏳ 该岗位已报满，您已加入候补：候补第 1 位。")

    await zhao.send("/shifts")
    await zhao.press("1")
    await zhao.press("⏳ 加入候补")
    assert "候补第 2 位" in zhao.last().text
    listing = await zhao.send("/shifts")
    assert "已报名 1/1，候补 2 人" in listing.text


async def test_an_overlapping_shift_is_refused_naming_the_clash(harness: Harness) -> None:
    post(harness, title="食品安全宣传")
    post(harness, starts_in=SATURDAY + timedelta(hours=1), title="市场环境整治")
    lilei = harness.person(LILEI)
    await register_through_bot(lilei)
    await lilei.send("/shifts")
    await lilei.press("1")
    await lilei.press("✅ 报名")
    await lilei.press("‹ 返回")

    card = await lilei.press("2")
    await lilei.press("✅ 报名", card)

    answer = lilei.last_answer()
    assert answer["show_alert"] is True
    assert "时间冲突：食品安全宣传，12月5日 周六 09:00–11:00" in answer["text"]
    with harness.store.session(write=False) as session:
        assert len(session.exec(select(Signup)).all()) == 1
