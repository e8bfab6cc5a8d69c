"""A coordinator's notices about one shift carry its card's buttons: the notice that a volunteer
can't come (Roster, Edit, Cancel) and the attendance summary (Roster under the corrections). The
buttons are checked again on every press: a volunteer forging one is refused."""

from __future__ import annotations

from bot.actions import Action, encode
from data.models import Shift, ShiftStatus
from tests.harness import Harness, button_labels
from tests.personas import COORDINATOR, EMMA, LILEI, ZHAO
from tests.test_attendance_bot import _close, _programme
from tests.test_reminders import post
from tests.test_reminders_answers import reminded


async def test_the_cant_come_notice_opens_the_roster_and_offers_edit_and_cancel(
    harness: Harness,
) -> None:
    shift_id = post(harness, capacity=1)
    harness.given_signed_up(LILEI, shift_id)
    harness.given_signed_up(EMMA, shift_id)  # waitlisted, moves up
    await reminded(harness)
    lilei = harness.person(LILEI)
    await lilei.press("🙅 我去不了")
    await lilei.press("确定，取消报名")
    await harness.dispatch()

    boss = harness.person(COORDINATOR)
    notice = boss.message_with_button("📋 名单")
    assert notice.text.startswith("🙅 李雷 去不了，已取消报名。")
    assert button_labels(notice) == ["📋 名单", "✏️ 修改", "❌ 取消岗位"]
    await boss.press("📋 名单", notice)
    roster = boss.last()
    assert roster.text.startswith(f"名单 · 编号 {shift_id}")
    assert "已确认：1/1" in roster.text
    assert "1. Emma Clark" in roster.text


async def test_the_attendance_summary_has_a_roster_button_under_the_corrections(
    harness: Harness,
) -> None:
    programme = _programme(harness)
    await _close(harness)
    boss = harness.person(COORDINATOR)
    summary = boss.message_with_button("📋 名单")
    assert "考勤汇总" in summary.text
    assert button_labels(summary) == ["✏️ 1. 李雷", "✏️ 2. Emma Clark", "📋 名单"]
    await boss.press("📋 名单", summary)
    roster = boss.last()
    assert roster.text.startswith(f"名单 · 编号 {programme.shift_id}")
    assert "李雷" in roster.text and "Emma Clark" in roster.text


async def test_a_volunteer_forging_the_notices_card_buttons_is_refused(harness: Harness) -> None:
    programme = _programme(harness)
    zhao = harness.person(ZHAO)
    await zhao.send("/hours")
    mark = zhao.mark()
    for action in (Action.STAFF_ROSTER, Action.STAFF_EDIT, Action.STAFF_CANCEL):
        await zhao.press_data(encode(action, programme.shift_id))
        assert zhao.last_answer()["text"].startswith("抱歉，只有负责人可以进行此操作。")
    assert zhao.since(mark) == []  # no roster, no edit or cancel question
    with harness.store.session(write=False) as session:
        shift = session.get(Shift, programme.shift_id)
    assert shift is not None and shift.status == ShiftStatus.OPEN
