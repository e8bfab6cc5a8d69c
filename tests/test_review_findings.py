"""Findings of the security / robustness review, each shown by a test before it was fixed.

Personas as everywhere: 王芳 coordinates, 李雷 and Emma volunteer. The fake Telegram refuses what
the real one refuses (a text over 4096 characters, a button list over 100), so "the bot answered
with its apology" is how a crash or a rejected message shows to a person here.
"""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import col, select

from bot.scheduling import make_dispatcher
from data.attendance import check_in
from data.attendance_close import close_shift_attendance
from data.clock import ManualClock
from data.corrections import Correction, correct_attendance
from data.db import Store
from data.models import Attendance, AttendanceStatus, Role, Shift, Volunteer
from data.recurrence import build_rule
from data.series import create_series
from data.shifts import ShiftDraft, create_shift
from data.signups import sign_up
from data.standing import start_standing
from data.volunteers import find_volunteer, touch_volunteer
from demo.botapi.shapes import message_dict
from scheduler.attendance_jobs import queue_digests
from scheduler.deps import JobDeps
from tests.harness import Harness, Person
from tests.personas import COORDINATOR, LILEI

APOLOGIES = ("抱歉，出了点问题", "Sorry, something went wrong")
LIMIT = 4096


def apologised(person: Person) -> bool:
    return any(a in text for text in person.texts() for a in APOLOGIES)


def coordinator(harness: Harness) -> int:
    wang = harness.given_registered(COORDINATOR, role=Role.COORDINATOR)
    assert wang.id is not None
    return wang.id


def post(
    harness: Harness,
    boss_id: int,
    *,
    days: float,
    title: str = "文明交通劝导",
    location: str = "民主路口",
    capacity: int = 5,
) -> Shift:
    start = harness.clock.now() + timedelta(days=days)
    draft = ShiftDraft(
        title, location, start, start + timedelta(hours=2), capacity, "Asia/Shanghai"
    )
    shift: Shift = harness.store.call(
        create_shift, actor_id=boss_id, draft=draft, now=harness.clock.now()
    )
    return shift


def take(harness: Harness, volunteer_id: int | None, shift: Shift) -> None:
    harness.store.call(
        sign_up,
        volunteer_id=volunteer_id,
        shift_id=shift.id,
        now=harness.clock.now(),
        policy=harness.services.policy,
        waitlist_ok=True,
    )


def edit_last_message(harness: Harness, person: Person, new_text: str) -> None:
    """The person edits the newest message they sent (Telegram sends an ``edited_message``)."""
    log = harness.api.chat(person.id)
    mine = [m for m in log.messages if not m.from_bot]
    raw = message_dict(harness.api, mine[-1])
    raw |= {"text": new_text, "edit_date": raw["date"] + 30}
    if new_text.startswith("/"):
        command = new_text.split(maxsplit=1)[0]
        raw["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
    harness.api.enqueue_update({"edited_message": raw})


def shift_count(harness: Harness) -> int:
    with harness.store.session(write=False) as session:
        return len(list(session.exec(select(Shift))))


# Edited messages are not new commands or answers.


async def test_editing_a_posted_one_liner_does_not_post_the_shift_twice(harness: Harness) -> None:
    coordinator(harness)
    wang = harness.person(COORDINATOR)
    await wang.send("/newshift 2026-12-05 09:00-11:00 | 文明交通劝导 | 民主路口 | 6")
    assert shift_count(harness) == 1
    edit_last_message(
        harness, wang, "/newshift 2026-12-05 09:00-11:00 | 文明交通劝导 | 民主路口 | 8"
    )
    await harness.deliver()
    assert shift_count(harness) == 1


async def test_editing_a_message_during_registration_is_not_an_error(harness: Harness) -> None:
    li = harness.person(LILEI)
    await li.send("/start")
    await li.press("中文")
    await li.send("李雷")  # the name; now the phone is asked
    edit_last_message(harness, li, "李雷雷")
    await harness.deliver()
    assert not apologised(li)


# Lists that grow must fit Telegram's 4096 characters.


async def test_my_shifts_fit_one_message_however_many_places_a_volunteer_holds(
    harness: Harness,
) -> None:
    boss = coordinator(harness)
    li = harness.given_registered(LILEI)
    title = "创城问卷宣传暨文明交通劝导志愿服务活动（秦州区民主路口东南角岗亭，请提前十分钟到岗）"
    for n in range(45):
        take(harness, li.id, post(harness, boss, days=1 + n / 4, title=title))
    answer = await harness.person(LILEI).send("/my")
    assert not apologised(harness.person(LILEI))
    assert len(answer.text) <= LIMIT
    assert "<b>" not in answer.text  # parsed, not shown as source
    buttons = sum(len(row) for row in (answer.reply_markup or {}).get("inline_keyboard", []))
    assert 0 < buttons <= 100
    assert "1." in answer.text


async def test_the_series_list_is_sent_in_parts_when_long(harness: Harness) -> None:
    boss = coordinator(harness)
    start = harness.clock.now() + timedelta(days=1)
    for n in range(30):
        draft = ShiftDraft(
            f"第{n}号常态化岗位：" + "文明交通劝导" * 25,
            "秦州区民主路口" * 20,
            start,
            start + timedelta(hours=2),
            4,
            "Asia/Shanghai",
        )
        rule = build_rule("weekly", start=start.date(), count=3)
        harness.store.call(
            create_series,
            actor_id=boss,
            draft=draft,
            rule=rule,
            now=harness.clock.now(),
            policy=harness.services.policy,
        )
    wang = harness.person(COORDINATOR)
    mark = wang.mark()
    await wang.send("/series")
    parts = wang.since(mark)
    assert not apologised(wang)
    assert len(parts) > 1
    assert all(len(p.text) <= LIMIT for p in parts)
    assert "第29号常态化岗位" in parts[-1].text


async def test_a_standing_sign_up_with_many_clashes_is_reported_in_parts(harness: Harness) -> None:
    boss = coordinator(harness)
    li = harness.given_registered(LILEI)
    start = harness.clock.now() + timedelta(days=1)
    made = []
    for name in ("早班", "同一时间的另一个岗位"):
        draft = ShiftDraft(
            name + "：" + "食品安全宣传" * 30,
            "中心农贸市场" * 30,
            start,
            start + timedelta(hours=2),
            4,
            "Asia/Shanghai",
        )
        made.append(
            harness.store.call(
                create_series,
                actor_id=boss,
                draft=draft,
                rule=build_rule("daily", start=start.date()),
                now=harness.clock.now(),
                policy=harness.services.policy,
            )
        )
    first, second = made
    harness.store.call(
        start_standing,
        volunteer_id=li.id,
        series_id=first.series.id,
        now=harness.clock.now(),
        policy=harness.services.policy,
    )
    person = harness.person(LILEI)
    await person.send("/shifts")
    mark = person.mark()
    await person.press_data(f"1:srstand:{second.occurrences[0].id}:0")
    assert not apologised(person)
    sent = [m for m in person.since(mark) if "长期报名" in m.text or "冲突" in m.text]
    assert sent
    assert all(len(m.text) <= LIMIT for m in person.since(mark))


def closed_record(harness: Harness, boss: int) -> Attendance:
    """李雷's closed record of a shift today (checked in, then closed by the job)."""
    li = harness.given_registered(LILEI)
    shift = post(harness, boss, days=0.01, title="市场环境整治" * 30, location="中心农贸市场" * 30)
    take(harness, li.id, shift)
    harness.clock.advance(timedelta(hours=0.5))
    harness.store.call(
        check_in,
        volunteer_id=li.id,
        shift_id=shift.id,
        now=harness.clock.now(),
        policy=harness.services.policy,
    )
    harness.clock.advance(timedelta(hours=3))
    harness.store.call(
        close_shift_attendance,
        shift_id=shift.id,
        now=harness.clock.now(),
        policy=harness.services.policy,
    )
    with harness.store.session(write=False) as session:
        record = session.exec(select(Attendance)).one()
    return record


async def test_a_record_corrected_many_times_still_opens(harness: Harness) -> None:
    boss = coordinator(harness)
    record = closed_record(harness, boss)
    statuses = [AttendanceStatus.ABSENT, AttendanceStatus.PRESENT]
    for n in range(24):
        harness.clock.advance(timedelta(minutes=5))
        harness.store.call(
            correct_attendance,
            actor_id=boss,
            attendance_id=record.id,
            correction=Correction(status=statuses[n % 2]),
            reason=f"第{n}次修正：" + "负责人现场核实后确认" * 19,
            now=harness.clock.now(),
        )
    wang = harness.person(COORDINATOR)
    await wang.send("/help")
    await wang.press_data(f"1:attfix:{record.id}")
    card = wang.last()
    assert not apologised(wang)
    assert len(card.text) <= LIMIT
    assert "第23次修正" in card.text  # the newest change is the one shown


async def test_minutes_typed_in_superscript_digits_are_refused_politely(harness: Harness) -> None:
    boss = coordinator(harness)
    record = closed_record(harness, boss)
    wang = harness.person(COORDINATOR)
    await wang.send("/help")
    await wang.press_data(f"1:attmin:{record.id}")
    answer = await wang.send("²")
    assert not apologised(wang)
    assert "分钟" in answer.text


async def test_the_digest_fits_one_message_when_titles_are_long(harness: Harness) -> None:
    boss = coordinator(harness)
    for n in range(30):
        post(
            harness,
            boss,
            days=1 + n / 20,
            title=f"第{n}号 " + "消费维权咨询" * 30,
            location="秦州区" * 60,
        )
    services = harness.services
    deps = JobDeps(
        services.store,
        services.clock,
        services.policy,
        services.settings,
        make_dispatcher(harness.app, paced=False),
    )
    harness.clock.advance(timedelta(hours=23))  # past the digest time the next morning
    await queue_digests(deps)
    await harness.dispatch()
    digests = [t for t in harness.person(COORDINATOR).texts() if "缺员" in t]
    assert len(digests) == 1
    assert len(digests[0]) <= LIMIT


async def test_a_long_cancellation_reason_is_echoed_as_it_will_be_kept(harness: Harness) -> None:
    boss = coordinator(harness)
    shift = post(harness, boss, days=2)
    wang = harness.person(COORDINATOR)
    answer = await wang.send(f"/cancelshift {shift.id} " + "因暴雨<预警>取消" * 452)
    assert not apologised(wang)
    assert "取消" in answer.text
    assert len(answer.text) <= LIMIT


# People who come back, and names that move.


async def test_a_volunteer_who_unblocks_the_bot_is_reachable_and_reminded_again(
    harness: Harness,
) -> None:
    boss = coordinator(harness)
    li = harness.given_registered(LILEI)
    first = post(harness, boss, days=3)
    take(harness, li.id, first)
    harness.api.block(LILEI.telegram_id)
    second = post(harness, boss, days=0.5)
    take(harness, li.id, second)  # its reminder bounces off the block
    harness.clock.set(second.starts_at - timedelta(hours=2))
    await harness.dispatch()
    with harness.store.session(write=False) as session:
        assert session.get(Volunteer, li.id).reachable is False  # type: ignore[union-attr]
    person = harness.person(LILEI)
    await person.send("/my")  # writing to the bot unblocks it
    with harness.store.session(write=False) as session:
        assert session.get(Volunteer, li.id).reachable is True  # type: ignore[union-attr]
    mark = person.mark()
    harness.clock.set(first.starts_at - timedelta(hours=2))
    await harness.dispatch()
    assert any("提醒" in m.text for m in person.since(mark))


def test_a_username_taken_over_by_someone_else_finds_its_new_holder(
    store: Store, clock: ManualClock
) -> None:
    now = clock.now()

    def touch(telegram_id: int, username: str) -> Volunteer:
        person: Volunteer = store.call(
            touch_volunteer,
            telegram_id=telegram_id,
            chat_id=telegram_id,
            username=username,
            full_name=f"用户{telegram_id}",
            now=now,
        )
        return person

    touch(3001, "traffic_helper")  # had the name, then changed it and has not written since
    newcomer = touch(3002, "traffic_helper")
    found = store.call(find_volunteer, ref="@traffic_helper", write=False)
    assert found.id == newcomer.id


def test_a_username_is_released_whatever_its_case(store: Store, clock: ManualClock) -> None:
    now = clock.now()
    store.call(
        touch_volunteer,
        telegram_id=3101,
        chat_id=3101,
        username="Helper_A",
        full_name="A",
        now=now,
    )
    newer: Volunteer = store.call(
        touch_volunteer,
        telegram_id=3102,
        chat_id=3102,
        username="helper_a",
        full_name="B",
        now=now,
    )
    with store.session(write=False) as session:
        holders = session.exec(
            select(Volunteer).where(col(Volunteer.username).ilike("helper_a"))
        ).all()
    assert [v.id for v in holders] == [newer.id]
