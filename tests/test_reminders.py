"""Reminders as volunteers get them: at 24 h and 2 h before their shift, once each, never late,
moved with the shift, gone with a cancelled shift, and not at all when turned off."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from data.models import Outbox, Role, Volunteer
from data.policy import Policy
from data.shift_changes import ShiftChanges, cancel_shift, edit_shift
from data.volunteers import set_reminders
from tests.harness import TEXT_LIMIT, Harness, button_labels
from tests.personas import COORDINATOR, EMMA, LILEI, Persona

# The harness clock reads Tuesday 2026-12-01 09:00 in Shanghai; the shift is Saturday 09:00–11:00.
STARTS_IN = timedelta(days=4)


def post(harness: Harness, *, capacity: int = 5) -> int:
    """王芳 posts the Saturday shift the reminders are about."""
    return harness.given_shift(by=COORDINATOR, starts_in=STARTS_IN, capacity=capacity)


def sends_to(harness: Harness, persona: Persona) -> list[str]:
    return [
        str(r.params.get("text"))
        for r in harness.api.requests
        if r.method == "sendMessage" and r.chat_id == persona.telegram_id and r.status == 200
    ]


def reminders_to(harness: Harness, persona: Persona) -> list[str]:
    return [t for t in sends_to(harness, persona) if "提醒" in t or "Reminder" in t]


async def test_a_volunteer_is_reminded_a_day_and_two_hours_before_once_each(
    harness: Harness,
) -> None:
    start = harness.clock.now()
    shift_id = post(harness)
    harness.given_signed_up(LILEI, shift_id)
    harness.given_signed_up(EMMA, shift_id)

    assert await harness.dispatch() == 0  # nothing is due yet

    harness.clock.set(start + STARTS_IN - timedelta(hours=24))
    assert await harness.dispatch() == 2
    assert await harness.dispatch() == 0  # sent once, not again
    first = harness.person(LILEI).last()
    assert first.text.startswith("⏰ 提醒：您报名的岗位明天 09:00 开始。")
    assert "文明交通劝导\n🕘 12月5日 周六 09:00–11:00\n📍 民主路口" in first.text
    assert "👥 同岗位的还有：Emma Clark" in first.text
    assert button_labels(first) == ["✅ 我会准时到", "🙅 我去不了"]
    english = harness.person(EMMA).last()
    assert english.text.startswith("⏰ Reminder: your shift starts tomorrow 09:00.")
    assert "Sat 5 Dec 09:00–11:00" in english.text
    assert "👥 Also on it: 李雷" in english.text
    assert button_labels(english) == ["✅ I'll be there", "🙅 I can't come"]

    harness.clock.set(start + STARTS_IN - timedelta(hours=2))
    assert await harness.dispatch() == 2
    assert await harness.dispatch() == 0
    assert len(reminders_to(harness, LILEI)) == 2
    assert len(reminders_to(harness, EMMA)) == 2


async def test_a_sign_up_after_the_day_before_gets_only_the_two_hour_reminder(
    harness: Harness,
) -> None:
    start = harness.clock.now()
    shift_id = post(harness)
    harness.clock.set(start + STARTS_IN - timedelta(hours=10))
    harness.given_signed_up(LILEI, shift_id)

    assert await harness.dispatch() == 0
    harness.clock.set(start + STARTS_IN - timedelta(hours=2))
    assert await harness.dispatch() == 1
    assert len(reminders_to(harness, LILEI)) == 1


async def test_a_reminder_whose_shift_has_started_is_skipped_not_sent_late(
    harness: Harness,
) -> None:
    start = harness.clock.now()
    shift_id = post(harness)
    harness.given_signed_up(LILEI, shift_id)

    harness.clock.set(start + STARTS_IN + timedelta(minutes=5))  # the bot was down until now
    assert await harness.dispatch() == 0
    assert reminders_to(harness, LILEI) == []
    with harness.store.session() as session:
        rows = session.exec(select(Outbox).where(Outbox.shift_id == shift_id)).all()
    assert {r.state for r in rows} == {"skipped"}
    assert {r.last_error for r in rows} == {"shift started"}


async def test_moving_a_shift_moves_its_reminders(harness: Harness) -> None:
    start = harness.clock.now()
    shift_id = post(harness)
    harness.given_signed_up(LILEI, shift_id)
    head = harness.given_registered(COORDINATOR, role=Role.COORDINATOR)
    later = start + STARTS_IN + timedelta(days=1)
    with harness.store.session() as session:
        edit_shift(
            session=session,
            actor_id=head.id,
            shift_id=shift_id,
            changes=ShiftChanges(starts_at=later, ends_at=later + timedelta(hours=2)),
            now=start,
            policy=harness.services.policy,
        )
    assert await harness.dispatch() == 1  # the change notice itself
    assert "新的时间" in harness.person(LILEI).last().text

    harness.clock.set(start + STARTS_IN - timedelta(hours=24))  # the old moment: nothing
    assert await harness.dispatch() == 0
    harness.clock.set(later - timedelta(hours=24))
    assert await harness.dispatch() == 1
    assert "12月6日 周日 09:00–11:00" in reminders_to(harness, LILEI)[0]


async def test_cancelling_a_shift_tells_volunteers_and_drops_their_reminders(
    harness: Harness,
) -> None:
    start = harness.clock.now()
    shift_id = post(harness)
    harness.given_signed_up(LILEI, shift_id)
    head = harness.given_registered(COORDINATOR, role=Role.COORDINATOR)
    with harness.store.session() as session:
        cancel_shift(session=session, actor_id=head.id, shift_id=shift_id, reason="大风", now=start)

    assert await harness.dispatch() == 1
    notice = harness.person(LILEI).last().text
    assert notice.startswith("❌ 该岗位已取消，无需前往。")
    assert "原因：大风" in notice
    harness.clock.set(start + STARTS_IN - timedelta(hours=2))
    assert await harness.dispatch() == 0
    assert reminders_to(harness, LILEI) == []


async def test_a_volunteer_who_turned_reminders_off_gets_none(harness: Harness) -> None:
    start = harness.clock.now()
    shift_id = post(harness)
    lilei_id = harness.given_signed_up(LILEI, shift_id)
    with harness.store.session() as session:
        set_reminders(session=session, volunteer_id=lilei_id, on=False)

    harness.clock.set(start + STARTS_IN - timedelta(hours=24))
    assert await harness.dispatch() == 0
    harness.clock.set(start + STARTS_IN - timedelta(hours=2))
    assert await harness.dispatch() == 0
    assert sends_to(harness, LILEI) == []


def test_policy_default_offsets_are_a_day_and_two_hours() -> None:
    assert Policy().reminder_offsets == (timedelta(hours=24), timedelta(hours=2))


# People who block the bot, and come back.


async def test_a_volunteer_who_unblocks_the_bot_is_reachable_and_reminded_again(
    harness: Harness,
) -> None:
    first = harness.given_shift(by=COORDINATOR, starts_in=timedelta(days=3))
    li = harness.given_signed_up(LILEI, first)
    harness.api.block(LILEI.telegram_id)
    second = harness.given_shift(by=COORDINATOR, starts_in=timedelta(days=0.5))
    harness.given_signed_up(LILEI, second)  # its reminder bounces off the block
    harness.clock.set(harness.shift(second).starts_at - timedelta(hours=2))
    await harness.dispatch()
    with harness.store.session(write=False) as session:
        assert session.get(Volunteer, li).reachable is False  # type: ignore[union-attr]
    person = harness.person(LILEI)
    await person.send("/my")  # writing to the bot unblocks it
    with harness.store.session(write=False) as session:
        assert session.get(Volunteer, li).reachable is True  # type: ignore[union-attr]
    mark = person.mark()
    harness.clock.set(harness.shift(first).starts_at - timedelta(hours=2))
    await harness.dispatch()
    assert any("提醒" in m.text for m in person.since(mark))


async def test_the_blocked_volunteer_notice_fits_one_message_with_long_titles(
    harness: Harness,
) -> None:
    """The coordinator's "blocked the bot" notice lists up to 20 shifts; with long titles and
    places (200 characters each are allowed) it must still fit Telegram's 4096 characters."""
    title = "创城问卷宣传暨文明交通劝导志愿服务活动" * 10
    place = "秦州区民主路口东南角岗亭请提前十分钟到岗" * 10
    for n in range(25):
        shift_id = harness.given_shift(
            by=COORDINATOR, starts_in=timedelta(days=3 + n), title=title, location=place
        )
        harness.given_signed_up(LILEI, shift_id)
    harness.api.block(LILEI.telegram_id)
    harness.clock.advance(timedelta(days=2, hours=1))  # the first shift's 24 h reminder is due

    await harness.dispatch()

    told = harness.person(COORDINATOR).texts()
    assert len(told) == 1
    assert told[0].startswith("⚠️ 李雷 已屏蔽本机器人")
    assert len(told[0]) <= TEXT_LIMIT
