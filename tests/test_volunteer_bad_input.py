"""What volunteers get wrong, and what the world changes under their buttons: each gets a clear
reply in their language, and nothing is stored that should not be."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from data.models import Role, Signup, SignupStatus, Volunteer
from data.shift_changes import cancel_shift
from data.signups import sign_up
from tests import domain_setup
from tests.harness import Harness, button_labels
from tests.personas import ADMIN, EMMA, LILEI, register_through_bot


def post(harness: Harness, *, capacity: int = 5, title: str = "市场环境整治") -> int:
    """A coordinator posts a two-hour shift on Saturday 2026-12-05 at 09:00."""
    admin = harness.given_registered(ADMIN, role=Role.ADMIN)
    assert admin.id is not None
    with harness.store.session() as session:
        shift = domain_setup.shift(
            session,
            admin.id,
            harness.clock.now(),
            starts_in=timedelta(days=4),
            title=title,
            capacity=capacity,
        )
        assert shift.id is not None
        return shift.id


def signups(harness: Harness) -> list[tuple[int, str]]:
    with harness.store.session(write=False) as session:
        return [(s.shift_id, s.status) for s in session.exec(select(Signup)).all()]


async def test_an_unregistered_user_is_asked_to_start_first(harness: Harness) -> None:
    shift_id = post(harness)
    lilei = harness.person(LILEI)

    assert (await lilei.send("/shifts")).text == "请先注册：发送 /start。"
    assert (await lilei.send("/my")).text == "请先注册：发送 /start。"
    assert (await lilei.send("你好")).text == "请先注册：发送 /start。"
    await lilei.press_data(f"1:vsign:{shift_id}:0")
    assert lilei.last_answer()["text"] == "请先注册：发送 /start。"
    assert signups(harness) == []
    assert "/shifts" in (await lilei.send("/help")).text  # help is open to everyone


async def test_text_where_a_button_was_expected_gets_pointed_to_the_buttons(
    harness: Harness,
) -> None:
    lilei = harness.person(LILEI)
    await lilei.send("/start")
    assert (await lilei.send("中文")).text == "请点击上方的语言按钮：中文 或 English。"
    await lilei.press("中文")
    await lilei.press("使用“李雷”")
    nudge = await lilei.send("13800000000")
    assert nudge.text == "请点击下方按钮提供您本人的手机号，或点击“跳过”。"
    await lilei.send("跳过")

    await lilei.send("/shifts")
    reply = await lilei.send("1")
    assert "请在下方选择" in reply.text and button_labels(reply)


async def test_a_stale_sign_up_button_on_a_shift_that_filled_up_refreshes_the_card(
    harness: Harness,
) -> None:
    shift_id = post(harness, capacity=1)
    emma = harness.given_registered(EMMA)
    lilei = harness.person(LILEI)
    await register_through_bot(lilei)
    await lilei.send("/shifts")
    card = await lilei.press("1")
    with harness.store.session() as session:  # Emma takes the last seat meanwhile
        assert emma.id is not None
        sign_up(
            session=session,
            volunteer_id=emma.id,
            shift_id=shift_id,
            now=harness.clock.now(),
            policy=harness.services.policy,
        )

    card = await lilei.press("✅ 报名", card)

    assert lilei.last_answer()["text"] == "该岗位刚刚报满。您可以改为加入候补。"
    assert lilei.last_answer()["show_alert"] is True
    assert "已报名 1/1" in card.text
    assert button_labels(card) == ["⏳ 加入候补", "‹ 返回"]
    assert signups(harness) == [(shift_id, SignupStatus.CONFIRMED)]  # only Emma's


async def test_a_stale_button_on_a_cancelled_shift_says_so(harness: Harness) -> None:
    shift_id = post(harness)
    lilei = harness.person(LILEI)
    await register_through_bot(lilei)
    await lilei.send("/shifts")
    card = await lilei.press("1")
    admin = harness.given_registered(ADMIN, role=Role.ADMIN)
    harness.store.call(
        cancel_shift,
        actor_id=admin.id,
        shift_id=shift_id,
        reason="大风天气",
        now=harness.clock.now(),
    )

    card = await lilei.press("✅ 报名", card)

    assert lilei.last_answer()["text"] == "该岗位已取消。"
    assert "❌ 该岗位已取消。" in card.text
    assert button_labels(card) == ["‹ 返回"]
    assert signups(harness) == []


async def test_a_stale_button_on_a_shift_that_has_started_says_so(harness: Harness) -> None:
    shift_id = post(harness)
    lilei = harness.person(LILEI)
    await register_through_bot(lilei)
    await lilei.send("/shifts")
    card = await lilei.press("1")
    await lilei.press("✅ 报名", card)
    await lilei.send("/my")
    harness.clock.advance(timedelta(days=4, minutes=5))  # Saturday 09:05: under way

    await lilei.press("❌ 取消 1")

    assert lilei.last_answer()["text"] == "该岗位已经开始，报名和变更已关闭。"
    mine = lilei.last()
    assert "市场环境整治" in mine.text
    assert button_labels(mine) == []  # no cancel button on a shift under way
    assert signups(harness) == [(shift_id, SignupStatus.CONFIRMED)]


async def test_a_sign_up_button_pressed_after_the_start_refreshes_the_card(
    harness: Harness,
) -> None:
    post(harness)
    lilei = harness.person(LILEI)
    await register_through_bot(lilei)
    await lilei.send("/shifts")
    card = await lilei.press("1")
    harness.clock.advance(timedelta(days=4, minutes=1))

    card = await lilei.press("✅ 报名", card)

    assert lilei.last_answer()["text"] == "该岗位已经开始，报名和变更已关闭。"
    assert "⏱ 该岗位已经开始。" in card.text
    assert button_labels(card) == ["‹ 返回"]
    assert signups(harness) == []


async def test_forged_or_malformed_button_data_changes_nothing(harness: Harness) -> None:
    shift_id = post(harness)
    lilei = harness.person(LILEI)
    await register_through_bot(lilei)
    await lilei.send("/shifts")

    await lilei.press_data("1:vsign:99999:0")
    assert lilei.last_answer()["text"] == "没有编号为 99999 的岗位。/shifts 可查看可报名的岗位。"
    for forged in (
        "1:vsign",
        f"1:vyes:{shift_id}:7:0",
        "1:vset:9:9",
        "not-ours",
        f"1:vcard:{shift_id}:-1",
    ):
        await lilei.press_data(forged)
        assert lilei.last_answer()["text"] == "这个按钮已失效。发送 /help 重新开始。", forged
        assert lilei.last_answer()["show_alert"] is True
    assert signups(harness) == []
    with harness.store.session(write=False) as session:
        volunteer = session.exec(
            select(Volunteer).where(Volunteer.telegram_id == LILEI.telegram_id)
        ).one()
    assert (volunteer.language, volunteer.reminders_on) == ("zh", True)


async def test_html_in_names_and_titles_is_shown_literally(harness: Harness) -> None:
    post(harness, title="<i>Clean-up</i> & more")
    bob = harness.person(EMMA)
    await bob.send("/start")
    await bob.press("English")
    await bob.send("<b>Bob</b> & co")
    await bob.send("Skip")
    welcome = bob.texts()[-2]
    assert "Welcome, <b>Bob</b> & co!" in welcome

    listing = await bob.send("/shifts")
    assert "<i>Clean-up</i> & more · 民主路口" in listing.text
    card = await bob.press("1")
    assert card.text.startswith("<i>Clean-up</i> & more\n")
    await bob.press("✅ Sign up", card)
    assert "<i>Clean-up</i> & more" in bob.last().text
