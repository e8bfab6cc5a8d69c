"""Stories of volunteers joining: /start in Chinese and English, phone or not, deep links,
coming back, and changing language or reminders in /settings."""

from __future__ import annotations

from sqlmodel import col, func, select

from data.models import Volunteer
from tests.fake_botapi import user_edits_last_message
from tests.harness import Harness, button_labels
from tests.personas import EMMA, LILEI, register_through_bot


def stored(harness: Harness, telegram_id: int) -> Volunteer:
    with harness.store.session(write=False) as session:
        query = select(Volunteer).where(Volunteer.telegram_id == telegram_id)
        return session.exec(query).one()


def menu_of(harness: Harness, telegram_id: int) -> list[str]:
    """The descriptions in this user's own command menu."""
    return [c["description"] for c in harness.api.commands[(f"chat:{telegram_id}", "")]]


async def test_li_lei_registers_in_chinese_with_his_telegram_name_and_skips_the_phone(
    harness: Harness,
) -> None:
    lilei = harness.person(LILEI)

    greeting = await lilei.send("/start")
    assert greeting.text.startswith("您好！我帮助志愿者报名志愿服务岗位。")
    assert "Which language do you prefer?" in greeting.text  # before a choice, both languages
    assert button_labels(greeting) == ["中文", "English"]

    question = await lilei.press("中文")
    assert "请输入您的姓名（将显示在岗位名单上）" in question.text
    await lilei.press("使用“李雷”")

    phone = lilei.last()
    assert "是否提供手机号" in phone.text
    assert phone.reply_markup is not None
    share, skip = phone.reply_markup["keyboard"]
    assert share[0]["request_contact"] is True
    assert skip[0]["text"] == "跳过"

    mark = lilei.mark()
    await lilei.send("跳过")
    welcome, menu = lilei.since(mark)
    assert "欢迎您，李雷！您已注册为志愿者。" in welcome.text
    assert welcome.reply_markup == {"remove_keyboard": True}
    assert button_labels(menu) == ["📋 可报名岗位", "🗓 我的岗位", "⚙️ 设置"]

    volunteer = stored(harness, LILEI.telegram_id)
    assert (volunteer.registered, volunteer.language, volunteer.display_name, volunteer.phone) == (
        True,
        "zh",
        "李雷",
        None,
    )
    assert "可报名的岗位" in menu_of(harness, LILEI.telegram_id)


async def test_emma_registers_in_english_types_her_name_and_shares_her_phone(
    harness: Harness,
) -> None:
    emma = harness.person(EMMA)

    greeting = await emma.send("/start")
    assert greeting.text.startswith("Hello! I help volunteers sign up")  # her Telegram is English
    await emma.press("English")
    assert emma.last().text.startswith("What name should coordinators see")

    phone = await emma.send("Emma C.")
    assert phone.text.startswith("Thanks, Emma C.")

    mark = emma.mark()
    await emma.share_contact("+8613800000000")
    welcome, menu = emma.since(mark)
    assert "Welcome, Emma C.! You are registered as a volunteer." in welcome.text
    assert "Phone number saved." in welcome.text
    assert welcome.reply_markup == {"remove_keyboard": True}
    assert button_labels(menu) == ["📋 Open shifts", "🗓 My shifts", "⚙️ Settings"]

    volunteer = stored(harness, EMMA.telegram_id)
    assert (volunteer.language, volunteer.display_name, volunteer.phone) == (
        "en",
        "Emma C.",
        "+8613800000000",
    )
    assert "Open shifts to sign up for" in menu_of(harness, EMMA.telegram_id)


async def test_start_again_shows_the_menu_and_never_a_second_volunteer(harness: Harness) -> None:
    lilei = harness.person(LILEI)
    await register_through_bot(lilei)

    again = await lilei.send("/start")

    assert again.text.startswith("欢迎回来，李雷！")
    assert "📋 可报名岗位" in button_labels(again)
    with harness.store.session(write=False) as session:
        query = select(func.count()).where(col(Volunteer.telegram_id) == LILEI.telegram_id)
        assert session.exec(query).one() == 1


async def test_a_deep_link_code_is_kept_for_team_invites(harness: Harness) -> None:
    lilei = harness.person(LILEI)

    await lilei.send("/start district7_invite")
    await lilei.press("中文")
    await lilei.press("使用“李雷”")
    await lilei.send("跳过")

    volunteer = stored(harness, LILEI.telegram_id)
    assert volunteer.registered
    assert volunteer.start_code == "district7_invite"


async def test_a_name_too_long_is_refused_and_the_next_try_is_taken(harness: Harness) -> None:
    lilei = harness.person(LILEI)
    await lilei.send("/start")
    await lilei.press("中文")

    refused = await lilei.send("李" * 65)
    assert refused.text == "姓名太长，最多 64 个字。请输入较短的姓名。"

    accepted = await lilei.send("  李  雷 ")
    assert accepted.text.startswith("谢谢，李 雷。")


async def test_cancel_stops_registration_and_start_begins_again(harness: Harness) -> None:
    lilei = harness.person(LILEI)
    await lilei.send("/start")
    await lilei.press("中文")

    stopped = await lilei.send("/cancel")
    assert stopped.text == "注册已取消。需要时请重新发送 /start。"
    assert not stored(harness, LILEI.telegram_id).registered

    await register_through_bot(lilei)
    assert stored(harness, LILEI.telegram_id).registered


async def test_switching_to_english_changes_the_next_replies_and_the_command_menu(
    harness: Harness,
) -> None:
    lilei = harness.person(LILEI)
    await register_through_bot(lilei)
    assert "可报名的岗位" in menu_of(harness, LILEI.telegram_id)

    settings = await lilei.send("/settings")
    assert "语言：中文" in settings.text
    assert button_labels(settings)[:2] == ["✓ 中文", "English"]

    switched = await lilei.press("English")
    assert lilei.last_answer()["text"] == "Language changed."
    assert "Language: English" in switched.text
    assert "Open shifts to sign up for" in menu_of(harness, LILEI.telegram_id)
    assert (await lilei.send("/my")).text.startswith("You have no upcoming shifts")


async def test_reminders_can_be_turned_off_and_on_again(harness: Harness) -> None:
    lilei = harness.person(LILEI)
    await register_through_bot(lilei)
    await lilei.send("/settings")

    off = await lilei.press("🔕 关闭提醒")
    assert "提醒已关闭" in off.text
    assert stored(harness, LILEI.telegram_id).reminders_on is False

    on = await lilei.press("🔔 开启提醒")
    assert "提醒已开启" in on.text
    assert stored(harness, LILEI.telegram_id).reminders_on is True


async def test_editing_a_message_during_registration_is_not_an_error(harness: Harness) -> None:
    li = harness.person(LILEI)
    await li.send("/start")
    await li.press("中文")
    await li.send("李雷")  # the name; now the phone is asked
    user_edits_last_message(harness.api, li.id, "李雷雷")
    await harness.deliver()
    assert not li.apologised()
