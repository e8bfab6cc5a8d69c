"""What happens around a reminder: "I'll be there", "I can't come" (the seat goes to the waitlist,
the coordinator hears of it), and a volunteer who blocked the bot (the coordinator hears of that)."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from data.models import Outbox, Signup, Volunteer
from tests.harness import Harness, button_labels
from tests.personas import COORDINATOR, EMMA, LILEI, ZHAO, Persona
from tests.test_reminders import STARTS_IN, post


def sent_to(harness: Harness, persona: Persona) -> list[str]:
    return [
        str(r.params.get("text"))
        for r in harness.api.requests
        if r.method == "sendMessage" and r.chat_id == persona.telegram_id and r.status == 200
    ]


async def reminded(harness: Harness) -> None:
    harness.clock.set(harness.clock.now() + STARTS_IN - timedelta(hours=24))
    await harness.dispatch()


async def test_ill_be_there_thanks_the_volunteer_and_keeps_the_seat(harness: Harness) -> None:
    shift_id = post(harness)
    harness.given_signed_up(LILEI, shift_id)
    await reminded(harness)

    lilei = harness.person(LILEI)
    answered = await lilei.press("✅ 我会准时到")
    assert answered.text.endswith("✅ 您已确认会准时到岗，到时见！")
    assert answered.text.startswith("⏰ 提醒：您报名的岗位明天 09:00 开始。")
    assert button_labels(answered) == []
    assert lilei.last_answer()["text"] == "谢谢！"
    with harness.store.session() as session:
        seat = session.exec(select(Signup).where(Signup.shift_id == shift_id)).one()
    assert seat.status == "confirmed"


async def test_i_cant_come_frees_the_seat_for_the_waitlist_and_tells_the_coordinator(
    harness: Harness,
) -> None:
    shift_id = post(harness, capacity=1)
    harness.given_signed_up(LILEI, shift_id)
    harness.given_signed_up(EMMA, shift_id)  # waitlisted
    await reminded(harness)
    assert len(sent_to(harness, LILEI)) == 1
    assert sent_to(harness, EMMA) == []

    lilei = harness.person(LILEI)
    question = await lilei.press("🙅 我去不了")
    assert question.text.endswith("确定取消报名吗？名额将让给候补的志愿者。")
    assert button_labels(question) == ["确定，取消报名", "不，我会去"]
    released = await lilei.press("确定，取消报名")
    assert released.text.endswith("🙅 您已取消报名：文明交通劝导。感谢您及时告知。")
    assert button_labels(released) == []

    assert await harness.dispatch() == 2  # Emma is told she moved up; the coordinator is told
    promoted = sent_to(harness, EMMA)
    assert len(promoted) == 1
    assert promoted[0].startswith("🎉 A seat opened up: you moved up from the waitlist")
    told = sent_to(harness, COORDINATOR)
    assert len(told) == 1
    assert told[0].startswith("🙅 李雷 去不了，已取消报名。")
    assert "⬆️ 候补转正：Emma Clark" in told[0]
    assert "👥 已报名 1/1" in told[0]
    assert sent_to(harness, LILEI)[1:] == []  # nothing more for Li Lei


async def test_i_cant_come_after_the_shift_was_cancelled_says_so(harness: Harness) -> None:
    shift_id = post(harness)
    harness.given_signed_up(LILEI, shift_id)
    await reminded(harness)
    with harness.store.session() as session:
        from data.shift_changes import cancel_shift

        head = session.exec(
            select(Volunteer).where(Volunteer.telegram_id == COORDINATOR.telegram_id)
        ).one()
        cancel_shift(
            session=session,
            actor_id=head.id,
            shift_id=shift_id,
            reason=None,
            now=harness.clock.now(),
        )

    lilei = harness.person(LILEI)
    await lilei.press("🙅 我去不了")
    answer = lilei.last_answer()
    assert answer["show_alert"] is True
    assert "取消" in answer["text"]


async def test_a_volunteer_who_blocked_the_bot_is_unreachable_and_the_coordinator_is_told(
    harness: Harness,
) -> None:
    shift_id = post(harness)
    harness.given_signed_up(LILEI, shift_id)
    harness.given_signed_up(ZHAO, shift_id)
    harness.api.block(LILEI.telegram_id)

    assert await harness.dispatch() == 0
    await reminded(harness)
    refused = [
        r for r in harness.api.requests if r.chat_id == LILEI.telegram_id and r.status == 403
    ]
    assert len(refused) == 1  # tried once, not retried
    told = sent_to(harness, COORDINATOR)
    assert len(told) == 1
    assert told[0].startswith("⚠️ 李雷 已屏蔽本机器人，将收不到任何提醒和通知。")
    assert "文明交通劝导 · 民主路口" in told[0]
    assert len(sent_to(harness, ZHAO)) == 1  # the others still get theirs

    harness.clock.set(harness.clock.now() + timedelta(hours=22))  # 2 h before: nothing to Li Lei
    await harness.dispatch()
    tries = [r for r in harness.api.requests if r.chat_id == LILEI.telegram_id]
    assert len(tries) == 1
    assert len(sent_to(harness, ZHAO)) == 2
    with harness.store.session() as session:
        lilei = session.exec(
            select(Volunteer).where(Volunteer.telegram_id == LILEI.telegram_id)
        ).one()
        rows = session.exec(select(Outbox).where(Outbox.recipient_id == lilei.id)).all()
    assert lilei.reachable is False
    assert sorted(r.state for r in rows) == ["failed", "skipped", "skipped"]
