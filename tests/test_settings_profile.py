"""Stories of a volunteer changing, in /settings, the name coordinators see and their phone."""

from __future__ import annotations

from sqlmodel import select

from data.models import Volunteer
from data.volunteers import set_phone
from tests.harness import Harness, button_labels
from tests.personas import EMMA, LILEI, ZHAO


def stored(harness: Harness, telegram_id: int) -> Volunteer:
    with harness.store.session(write=False) as session:
        return session.exec(select(Volunteer).where(Volunteer.telegram_id == telegram_id)).one()


async def test_li_lei_changes_the_name_coordinators_see(harness: Harness) -> None:
    harness.given_registered(LILEI)
    li = harness.person(LILEI)
    card = await li.send("/settings")
    assert "姓名：李雷" in card.text and "手机号：未提供" in card.text

    asked = await li.press("✏️ 修改姓名")
    assert asked.text.endswith("→ ✏️ 修改姓名") and not button_labels(asked)
    assert "请输入负责人看到的姓名，最多 64 个字。当前为 李雷" in li.last().text

    mark = li.mark()
    await li.send("  李  雷雷 ")
    done, settings = (m.text for m in li.since(mark))
    assert done == "✅ 姓名已改为 李 雷雷。"
    assert "姓名：李 雷雷" in settings
    assert stored(harness, LILEI.telegram_id).display_name == "李 雷雷"
    # The dialogue is over: more text is not taken as a name.
    await li.send("张三")
    assert stored(harness, LILEI.telegram_id).display_name == "李 雷雷"


async def test_a_bad_name_is_explained_and_cancel_keeps_the_old_one(harness: Harness) -> None:
    harness.given_registered(EMMA)
    emma = harness.person(EMMA)
    await emma.send("/settings")
    await emma.press("✏️ Change my name")

    too_long = await emma.send("E" * 65)
    assert (
        too_long.text == "That name is too long; the limit is 64 characters. Send a shorter name."
    )
    harness.api.user_shares_location(EMMA.telegram_id, 34.58, 105.72)
    await harness.deliver()
    assert emma.last().text == "Please send the name as a text message, or /cancel."

    cancelled = await emma.send("/cancel")
    assert cancelled.text == "Nothing was changed. /settings shows your settings."
    assert stored(harness, EMMA.telegram_id).display_name == "Emma Clark"
    await emma.send("Someone Else")
    assert stored(harness, EMMA.telegram_id).display_name == "Emma Clark"


async def test_a_volunteer_removes_the_phone_and_shares_it_again(harness: Harness) -> None:
    li_id = harness.given_registered(LILEI).id
    harness.store.call(set_phone, volunteer_id=li_id, phone="+8613800000001")
    li = harness.person(LILEI)
    assert "手机号：+8613800000001" in (await li.send("/settings")).text

    asked = await li.press("📱 手机号")
    assert "负责人可看到您的手机号 +8613800000001" in li.last().text
    keyboard = li.last().reply_markup["keyboard"]  # type: ignore[index]
    assert keyboard[0][0]["request_contact"] is True
    assert [row[0]["text"] for row in keyboard[1:]] == ["🗑 删除我的手机号", "保持不变"]
    assert not button_labels(asked)

    mark = li.mark()
    await li.send("🗑 删除我的手机号")
    removed, settings = li.since(mark)
    assert removed.text == "🗑 手机号已删除，负责人将无法再看到。"
    assert removed.reply_markup == {"remove_keyboard": True}
    assert "手机号：未提供" in settings.text
    assert stored(harness, LILEI.telegram_id).phone is None

    await li.press("📱 手机号")
    assert "尚未提供手机号" in li.last().text
    assert len(li.last().reply_markup["keyboard"]) == 2  # type: ignore[index]  # no Remove
    mark = li.mark()
    await li.share_contact("+8613900000002")
    saved, settings = li.since(mark)
    assert saved.text == "📱 手机号已保存。"
    assert "手机号：+8613900000002" in settings.text
    assert stored(harness, LILEI.telegram_id).phone == "+8613900000002"


async def test_someone_elses_contact_and_typed_numbers_are_refused(harness: Harness) -> None:
    harness.given_registered(LILEI)
    harness.given_registered(ZHAO)
    li = harness.person(LILEI)
    await li.send("/settings")
    await li.press("📱 手机号")

    refused = await li.share_contact("+8613700000003", owner=ZHAO)
    assert refused.text.startswith("这不是您本人的手机号。")
    typed = await li.send("13700000003")
    assert "请点击下方的“📱 分享我的手机号”" in typed.text
    assert typed.reply_markup is not None and "keyboard" in typed.reply_markup
    assert stored(harness, LILEI.telegram_id).phone is None

    kept = await li.send("保持不变")
    assert kept.text == "未作任何更改。发送 /settings 可查看您的设置。"
    assert stored(harness, LILEI.telegram_id).phone is None
    # The step is over: a contact now is not taken.
    await li.share_contact("+8613800000001")
    assert stored(harness, LILEI.telegram_id).phone is None


async def test_the_settings_dialogue_resumes_after_a_restart(harness: Harness) -> None:
    """The step is a database row: a new Application (another process) takes the next answer."""
    from bot.app import build_application

    harness.given_registered(LILEI)
    li = harness.person(LILEI)
    await li.send("/settings")
    await li.press("✏️ 修改姓名")

    await harness.app.shutdown()
    harness.app = build_application(harness.services.settings, harness.services, scheduler=False)
    await harness.app.initialize()
    await li.send("李老师")
    assert stored(harness, LILEI.telegram_id).display_name == "李老师"
