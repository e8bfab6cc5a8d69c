"""Attendance end to end: the prompt, /checkin, location, /checkout, the summary, corrections, /hours,
the digest — through the real bot against the fake Telegram, with the scheduler's jobs run by hand.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlmodel import col, select

from bot.scheduling import make_dispatcher
from data.models import Attendance, AttendanceChange, Role, Volunteer
from data.shifts import ShiftDraft, create_shift
from data.signups import sign_up
from scheduler.attendance_jobs import close_attendance, queue_digests
from scheduler.deps import JobDeps
from tests.attendance_world import CROSSING, local, metres_north
from tests.harness import Harness, button_labels
from tests.personas import COORDINATOR, EMMA, LILEI, ZHAO

DAY = "2026-12-03"


@dataclass
class Programme:
    """王芳's 3 Dec 09:00–11:00 shift at 民主路口, five seats, 李雷 and Emma signed up."""

    shift_id: int
    coordinator_id: int


def _programme(harness: Harness, coordinates: tuple[float, float] | None = None) -> Programme:
    boss = harness.given_registered(COORDINATOR, role=Role.COORDINATOR)
    people = [harness.given_registered(LILEI), harness.given_registered(EMMA)]
    harness.given_registered(ZHAO)
    assert boss.id is not None
    now = harness.clock.now()
    start = local(DAY, "09:00")
    draft = ShiftDraft(
        "文明交通劝导", "民主路口", start, start + timedelta(hours=2), 5, "Asia/Shanghai"
    )
    with harness.store.session() as session:
        shift = create_shift(session=session, actor_id=boss.id, draft=draft, now=now)
        if coordinates is not None:
            shift.latitude, shift.longitude = coordinates
        session.add(shift)
    assert shift.id is not None
    for person in people:
        harness.store.call(
            sign_up,
            volunteer_id=person.id,
            shift_id=shift.id,
            now=now,
            policy=harness.services.policy,
        )
    return Programme(shift.id, boss.id)


def _deps(harness: Harness) -> JobDeps:
    services = harness.services
    dispatcher = make_dispatcher(harness.app, paced=False)
    return JobDeps(services.store, services.clock, services.policy, services.settings, dispatcher)


async def _close(harness: Harness) -> None:
    harness.clock.set(local(DAY, "11:30"))
    await close_attendance(_deps(harness))
    await harness.dispatch()


def _records(harness: Harness) -> list[Attendance]:
    with harness.store.session(write=False) as session:
        return list(session.exec(select(Attendance).order_by(col(Attendance.id))))


def _changes(harness: Harness) -> list[AttendanceChange]:
    with harness.store.session(write=False) as session:
        return list(session.exec(select(AttendanceChange).order_by(col(AttendanceChange.id))))


async def test_the_prompt_checks_in_and_out_with_the_recorded_times(harness: Harness) -> None:
    _programme(harness)
    harness.clock.set(local(DAY, "08:30"))
    await harness.dispatch()
    li, emma = harness.person(LILEI), harness.person(EMMA)
    assert "签到已开始" in li.last().text
    assert "Check-in is open" in emma.last().text

    harness.clock.set(local(DAY, "08:47"))
    card = await li.press("✅ 签到")
    assert "✅ 已签到，时间 08:47。" in card.text
    harness.clock.set(local(DAY, "10:55"))
    card = await li.press("👋 签退")
    assert "👋 已签退，时间 10:55。" in card.text


async def test_checkin_command_too_early_names_the_shift_and_when_it_opens(
    harness: Harness,
) -> None:
    _programme(harness)
    li, emma = harness.person(LILEI), harness.person(EMMA)
    harness.clock.set(local(DAY, "08:00"))
    answer = await li.send("/checkin")
    assert "下一个岗位是文明交通劝导" in answer.text
    assert "签到将于 12月3日 周四 08:30 开始" in answer.text
    answer = await emma.send("/checkin")
    assert "check-in opens at Thu 3 Dec 08:30" in answer.text

    harness.clock.set(local(DAY, "08:40"))
    answer = await li.send("/checkin")
    assert "✅ 已签到，时间 08:40。" in answer.text
    assert "👋 签退" in button_labels(answer)


async def test_the_prompt_after_the_end_refuses_check_in(harness: Harness) -> None:
    _programme(harness)
    harness.clock.set(local(DAY, "08:30"))
    await harness.dispatch()
    li = harness.person(LILEI)
    harness.clock.set(local(DAY, "11:00"))
    await li.press("✅ 签到")
    assert "已结束，签到已关闭" in li.last_answer()["text"]
    assert _records(harness) == []


async def test_a_shift_with_coordinates_asks_for_the_location_and_checks_it(
    harness: Harness,
) -> None:
    _programme(harness, coordinates=CROSSING)
    li, emma = harness.person(LILEI), harness.person(EMMA)
    harness.clock.set(local(DAY, "08:50"))
    mark = li.mark()
    await li.send("/checkin")
    checked, ask = li.since(mark)
    assert "✅ 已签到，时间 08:50。" in checked.text
    assert ask.reply_markup is not None
    assert ask.reply_markup["keyboard"][0][0]["request_location"] is True

    answer = await li.share_location(*metres_north(CROSSING, 80))
    assert "位置已确认" in answer.text
    far = await emma.share_location(*metres_north(CROSSING, 2_000))
    assert "Checked in at 08:50" in far.text
    assert "about 2,000 m from the place" in far.text
    verdicts = sorted(str(r.location_verified) for r in _records(harness))
    assert verdicts == ["False", "True"]


async def test_a_location_with_no_check_in_open_is_told_when_it_opens(harness: Harness) -> None:
    _programme(harness, coordinates=CROSSING)
    harness.clock.set(local(DAY, "07:00"))
    answer = await harness.person(LILEI).share_location(*CROSSING)
    assert "签到将于 12月3日 周四 08:30 开始" in answer.text
    assert _records(harness) == []


async def test_the_coordinator_gets_one_summary_and_corrects_a_record_with_a_reason(
    harness: Harness,
) -> None:
    programme = _programme(harness)
    harness.clock.set(local(DAY, "08:50"))
    await harness.person(LILEI).send("/checkin")
    await _close(harness)
    await _close(harness)  # closing again sends nothing more
    boss = harness.person(COORDINATOR)
    summaries = [t for t in boss.texts() if "考勤汇总" in t]
    assert len(summaries) == 1
    assert "1. 李雷 — 出勤 · 08:50–未签退 · 2.0 小时" in summaries[0]
    assert "2. Emma Clark — 缺勤 · 0.0 小时" in summaries[0]

    card = await boss.press("✏️ 2. Emma Clark")
    assert "Emma Clark的考勤记录" in card.text and "状态：缺勤" in card.text
    harness.clock.set(local(DAY, "14:05"))
    await boss.press("出勤")
    assert "为什么将Emma Clark的记录改为出勤" in boss.last().text
    saved = await boss.send("忘记签到，负责人现场确认")
    assert "✅ 修正已保存" in saved.text
    assert "服务时长：2.0 小时（120 分钟）" in saved.text
    assert "王芳: 状态 缺勤 → 出勤 — 忘记签到，负责人现场确认" in saved.text
    changes = _changes(harness)
    assert [(c.field, c.old_value, c.new_value) for c in changes] == [
        ("status", "absent", "present"),
        ("credited_minutes", "0", "120"),
    ]
    assert {(c.changed_by, c.changed_at, c.reason) for c in changes} == {
        (programme.coordinator_id, local(DAY, "14:05"), "忘记签到，负责人现场确认")
    }


async def test_minutes_are_asked_as_a_number_and_cancel_leaves_the_record(
    harness: Harness,
) -> None:
    _programme(harness)
    harness.clock.set(local(DAY, "09:10"))
    await harness.person(LILEI).send("/checkin")
    await _close(harness)
    boss = harness.person(COORDINATOR)
    await boss.press("✏️ 1. 李雷")
    await boss.press("⏱ 修改时长")
    assert "0 到 120 之间的整数" in boss.last().text
    answer = await boss.send("两小时")
    assert "请发送 0 到 120 之间的整数分钟数" in answer.text
    answer = await boss.send("90")
    assert "为什么给李雷计入 90 分钟" in answer.text
    answer = await boss.send("/cancel")
    assert "已取消修正" in answer.text
    assert [r.credited_minutes for r in _records(harness)] == [110, 0]
    assert _changes(harness) == []


async def test_an_english_coordinators_summary_is_all_english_but_the_names(
    harness: Harness,
) -> None:
    _programme(harness)
    harness.given_registered(COORDINATOR, role=Role.COORDINATOR, language="en")
    await _close(harness)

    [summary] = [t for t in harness.person(COORDINATOR).texts() if "Attendance" in t]

    assert "Tap a name to correct their record." in summary
    assert "时长修正" not in summary


async def test_minutes_for_an_absent_record_are_refused_at_the_press_not_after_typing(
    harness: Harness,
) -> None:
    _programme(harness)
    await _close(harness)
    boss = harness.person(COORDINATOR)
    await boss.press("✏️ 2. Emma Clark")
    before = boss.mark()

    await boss.press("⏱ 修改时长")

    alert = boss.last_answer()
    assert alert["show_alert"] and "请先将其改为出勤" in alert["text"]
    assert boss.since(before) == []  # no question asked: nothing to type in vain
    assert "我没看懂" in (await boss.send("90")).text
    assert _changes(harness) == []


async def test_a_volunteer_cannot_correct_records_even_with_forged_buttons(
    harness: Harness,
) -> None:
    _programme(harness)
    await _close(harness)
    zhao = harness.person(ZHAO)
    await zhao.send("/hours")
    record_id = _records(harness)[1].id
    assert record_id is not None
    await zhao.press_data(f"1:attfix:{record_id}")
    assert "只有负责人" in zhao.last_answer()["text"] or "coordinator" in zhao.last_answer()["text"]
    await zhao.press_data(f"1:attset:{record_id}:0")
    await zhao.send("想改成出勤")
    assert _changes(harness) == []
    assert [r.status for r in _records(harness)] == ["absent", "absent"]


async def test_a_coordinator_demoted_since_the_summary_is_refused(harness: Harness) -> None:
    programme = _programme(harness)
    await _close(harness)
    with harness.store.session() as session:
        boss = session.get(Volunteer, programme.coordinator_id)
        assert boss is not None
        boss.role = Role.VOLUNTEER
        session.add(boss)
    coordinator = harness.person(COORDINATOR)
    mark = coordinator.mark()
    await coordinator.press("✏️ 1. 李雷")
    assert coordinator.since(mark) == []
    assert coordinator.last_answer()["show_alert"] is True


async def test_hours_show_month_year_and_all_time_with_recent_records(harness: Harness) -> None:
    _programme(harness)
    harness.clock.set(local(DAY, "08:55"))
    await harness.person(LILEI).send("/checkin")
    await _close(harness)
    answer = await harness.person(LILEI).send("/hours")
    for line in ("本月：2.0 小时", "今年：2.0 小时", "累计：2.0 小时"):
        assert line in answer.text
    assert "12月3日 周四 文明交通劝导 · 出勤 · 2.0 小时" in answer.text
    answer = await harness.person(EMMA).send("/hours")
    assert "This month: 0.0 h" in answer.text
    assert "Thu 3 Dec 文明交通劝导 · Absent · 0.0 h" in answer.text


async def test_the_coordinator_gets_the_digest_once_a_day(harness: Harness) -> None:
    _programme(harness)
    boss = harness.person(COORDINATOR)
    harness.clock.set(local("2026-12-02", "07:30"))
    for _ in range(2):
        await queue_digests(_deps(harness))
        await harness.dispatch()
    digests = [t for t in boss.texts() if "缺员岗位" in t]
    assert len(digests) == 1
    assert "已报名 2/5，缺员 3 人" in digests[0]


async def test_checkout_without_check_in_is_explained(harness: Harness) -> None:
    _programme(harness)
    harness.clock.set(local(DAY, "09:30"))
    answer = await harness.person(LILEI).send("/checkout")
    assert "您目前没有已签到的岗位" in answer.text
