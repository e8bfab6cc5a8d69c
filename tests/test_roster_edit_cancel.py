"""Coordinators read rosters, edit shifts and cancel them; everyone affected is owed a message."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

import bot.scheduling
from data.models import Outbox, OutboxState, Role, Shift, Signup, SignupStatus, Volunteer
from data.outbox import PROMOTED, SHIFT_CANCELLED, SHIFT_CHANGED, scheduled_messages
from data.signups import sign_up
from data.volunteers import set_display_name, set_phone
from tests import domain_setup
from tests.harness import TEXT_LIMIT, Harness, Person
from tests.personas import COORDINATOR, EMMA, LILEI, ZHAO


def given_shift(harness: Harness, *, capacity: int = 2, title: str = "文明交通劝导") -> Shift:
    """A shift two days ahead (Thu 3 Dec 09:00–11:00 in Shanghai), posted by 王芳."""
    wang = harness.given_registered(COORDINATOR, role=Role.COORDINATOR)
    assert wang.id is not None
    with harness.store.session() as session:
        return domain_setup.shift(
            session, wang.id, harness.clock.now(), capacity=capacity, title=title
        )


def given_signed_up(harness: Harness, volunteer: Volunteer, shift: Shift) -> None:
    harness.store.call(
        sign_up,
        volunteer_id=volunteer.id,
        shift_id=shift.id,
        now=harness.clock.now(),
        policy=harness.services.policy,
        waitlist_ok=True,
    )


def owed(harness: Harness, kind: str) -> list[Outbox]:
    with harness.store.session() as session:
        query = select(Outbox).where(Outbox.kind == kind).order_by(Outbox.id)  # type: ignore[arg-type]
        return list(session.exec(query))


def pending_timed(harness: Harness, volunteer: Volunteer) -> dict[str, Outbox]:
    """A volunteer's reminders and check-in prompt, by kind, as the outbox holds them."""
    with harness.store.session() as session:
        rows = session.exec(select(Outbox).where(Outbox.recipient_id == volunteer.id))
        return {r.kind: r for r in rows if r.kind.startswith("reminder") or r.kind == "checkin"}


def reread(harness: Harness, shift: Shift) -> Shift:
    with harness.store.session() as session:
        fresh = session.get(Shift, shift.id)
        assert fresh is not None
        return fresh


async def dispatched(harness: Harness) -> bool:
    """Send what is owed, once the scheduler's dispatcher has landed; False until then."""
    if not hasattr(bot.scheduling, "make_dispatcher"):
        return False
    await harness.dispatch()
    return True


@pytest.fixture
def wang(harness: Harness) -> Person:
    return harness.person(COORDINATOR)


# /roster


async def test_the_roster_lists_confirmed_then_waitlisted_with_contacts(
    harness: Harness, wang: Person
) -> None:
    shift = given_shift(harness, capacity=2)
    lilei = harness.given_registered(LILEI)
    emma = harness.given_registered(EMMA)
    zhao = harness.given_registered(ZHAO)
    harness.store.call(set_phone, volunteer_id=lilei.id, phone="13800000001")
    for volunteer in (lilei, emma, zhao):
        given_signed_up(harness, volunteer, shift)

    text = (await wang.send(f"/roster {shift.id}")).text

    assert f"名单 · 编号 {shift.id}" in text
    assert "已确认：2/2" in text
    assert "1. 李雷 @lilei · 📞 13800000001" in text
    assert "2. Emma Clark @emma_c" in text
    assert "候补：1 人" in text
    assert "1. 赵强 @zhaoqiang" in text
    assert text.index("李雷") < text.index("Emma") < text.index("赵强")


async def test_the_roster_shows_names_with_html_literally(harness: Harness, wang: Person) -> None:
    shift = given_shift(harness)
    lilei = harness.given_registered(LILEI)
    harness.store.call(set_display_name, volunteer_id=lilei.id, name="<b>李雷</b> & co")
    given_signed_up(harness, lilei, shift)

    text = (await wang.send(f"/roster {shift.id}")).text

    assert "<b>李雷</b> & co" in text


async def test_an_empty_roster_says_so(harness: Harness, wang: Person) -> None:
    shift = given_shift(harness)
    assert "暂无" in (await wang.send(f"/roster {shift.id}")).text


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        ("/roster abc", "/roster 12"),
        ("/roster 99", "没有编号为 99 的岗位"),
        ("/editshift 1x", "/editshift 12"),
        ("/editshift 99", "没有编号为 99 的岗位"),
        ("/cancelshift 99 下雨", "没有编号为 99 的岗位"),
        ("/cancelshift 99999999999999999999", "没有编号为"),
    ],
)
async def test_bad_shift_numbers_are_explained(
    harness: Harness, wang: Person, command: str, expected: str
) -> None:
    given_shift(harness)
    assert expected in (await wang.send(command)).text


# /editshift


async def test_more_places_promote_the_waitlist(harness: Harness, wang: Person) -> None:
    shift = given_shift(harness, capacity=1)
    lilei, emma = harness.given_registered(LILEI), harness.given_registered(EMMA)
    given_signed_up(harness, lilei, shift)
    given_signed_up(harness, emma, shift)

    await wang.send(f"/editshift {shift.id}")
    await wang.press("招募人数")
    await wang.press("2")
    assert "改为：2" in wang.last().text
    saved = await wang.press("✅ 保存")

    assert "已保存" in saved.text
    assert "候补转正 1 人" in saved.text
    assert reread(harness, shift).capacity == 2
    assert [row.recipient_id for row in owed(harness, PROMOTED)] == [emma.id]
    with harness.store.session() as session:
        signup = session.exec(select(Signup).where(Signup.volunteer_id == emma.id)).one()
        assert signup.status == SignupStatus.CONFIRMED
    if await dispatched(harness):
        assert "文明交通劝导" in harness.person(EMMA).last().text


async def test_fewer_places_than_confirmed_are_refused_with_the_count(
    harness: Harness, wang: Person
) -> None:
    shift = given_shift(harness, capacity=4)
    given_signed_up(harness, harness.given_registered(LILEI), shift)
    given_signed_up(harness, harness.given_registered(EMMA), shift)

    await wang.send(f"/editshift {shift.id}")
    await wang.press("招募人数")
    await wang.send("1")
    await wang.press("✅ 保存")

    assert any("已有 2 名志愿者报名成功，招募人数不能少于 2" in t for t in wang.texts()[-2:])
    assert "请选择招募人数" in wang.last().text
    assert reread(harness, shift).capacity == 4


async def test_a_new_time_is_owed_to_everyone_signed_up_and_moves_reminders(
    harness: Harness, wang: Person
) -> None:
    shift = given_shift(harness, capacity=1)
    lilei, emma = harness.given_registered(LILEI), harness.given_registered(EMMA)
    given_signed_up(harness, lilei, shift)
    given_signed_up(harness, emma, shift)
    before = {kind: row.due_at for kind, row in pending_timed(harness, lilei).items()}

    await wang.send(f"/editshift {shift.id}")
    await wang.press("时间")
    await wang.press("12月5日 周六")
    await wang.press("14:00–16:00")
    confirm = wang.last()
    assert "改为：12月5日 周六 14:00–16:00" in confirm.text
    assert "将通知已报名的 2 位志愿者" in confirm.text
    saved = await wang.press("✅ 保存", confirm)

    assert "12月5日 周六 14:00–16:00" in saved.text
    moved = reread(harness, shift)
    assert {row.recipient_id for row in owed(harness, SHIFT_CHANGED)} == {lilei.id, emma.id}
    after = pending_timed(harness, lilei)
    expected = dict(scheduled_messages(moved, harness.services.policy))
    assert {kind: row.due_at for kind, row in after.items()} == expected
    assert all(row.state == OutboxState.PENDING for row in after.values())
    assert before != expected
    assert pending_timed(harness, emma) == {}  # waitlisted: told of the change, not reminded
    if await dispatched(harness):
        assert "14:00" in harness.person(LILEI).last().text


async def test_a_typed_time_is_accepted_and_a_past_one_refused(
    harness: Harness, wang: Person
) -> None:
    shift = given_shift(harness)
    await wang.send(f"/editshift {shift.id}")
    await wang.press("时间")
    assert "已经过去" in (await wang.send("2026-11-30")).text
    await wang.send("今天")
    assert "已经过去" in (await wang.send("08:00-08:30")).text
    assert "结束时间" in (await wang.send("18:00-17:00")).text
    await wang.send("18:00～20:00")
    await wang.press("✅ 保存")

    assert reread(harness, shift).starts_at == harness.clock.now() + timedelta(hours=9)


async def test_the_title_is_changed_without_telling_anyone(harness: Harness, wang: Person) -> None:
    shift = given_shift(harness)
    given_signed_up(harness, harness.given_registered(LILEI), shift)

    await wang.send(f"/editshift {shift.id}")
    await wang.press("标题")
    assert "200" in (await wang.send("长" * 201)).text
    await wang.send("<i>创城问卷宣传</i>")
    saved = await wang.press("✅ 保存")

    assert "<i>创城问卷宣传</i>" in saved.text
    assert reread(harness, shift).title == "<i>创城问卷宣传</i>"
    assert owed(harness, SHIFT_CHANGED) == []


async def test_the_place_is_changed_and_text_instead_of_buttons_is_answered(
    harness: Harness, wang: Person
) -> None:
    shift = given_shift(harness)
    await wang.send(f"/editshift {shift.id}")
    assert "请使用上方的按钮" in (await wang.send("地点")).text
    await wang.press("地点")
    await wang.send("中心农贸市场")
    assert "请使用上方的按钮" in (await wang.send("好")).text
    await wang.press("✅ 保存")

    assert reread(harness, shift).location == "中心农贸市场"


async def test_cancel_leaves_the_shift_as_it_was(harness: Harness, wang: Person) -> None:
    shift = given_shift(harness)
    await wang.send(f"/editshift {shift.id}")
    await wang.press("标题")
    await wang.send("新标题")

    assert "岗位未作修改" in (await wang.send("/cancel")).text
    assert reread(harness, shift).title == "文明交通劝导"


async def test_cancelled_and_started_shifts_cannot_be_edited(
    harness: Harness, wang: Person
) -> None:
    shift = given_shift(harness)
    later = given_shift(harness, title="食品安全宣传")
    await wang.send(f"/cancelshift {shift.id}")
    await wang.press("❌ 确定取消岗位")

    assert "该岗位已取消" in (await wang.send(f"/editshift {shift.id}")).text
    harness.clock.advance(timedelta(days=2, hours=1))  # Thu 10:00, during the shift
    assert "已经开始" in (await wang.send(f"/editshift {later.id}")).text
    harness.clock.advance(timedelta(days=1))  # it ended: said so, not "has started"
    ended = (await wang.send(f"/editshift {later.id}")).text
    assert "该岗位已经结束，无法再修改。" in ended
    assert "开始" not in ended


# /cancelshift


async def test_cancelling_owes_everyone_the_reason_and_skips_reminders(
    harness: Harness, wang: Person
) -> None:
    shift = given_shift(harness, capacity=1)
    lilei, emma = harness.given_registered(LILEI), harness.given_registered(EMMA)
    given_signed_up(harness, lilei, shift)
    given_signed_up(harness, emma, shift)

    ask = await wang.send(f"/cancelshift {shift.id} 大风预警 <停止户外活动>")
    assert "确定取消这个岗位吗" in ask.text
    assert "原因：大风预警 <停止户外活动>" in ask.text
    assert "将通知已报名的 2 位志愿者" in ask.text
    done = await wang.press("❌ 确定取消岗位")

    assert f"岗位（编号 {shift.id}）已取消" in done.text
    cancelled = reread(harness, shift)
    assert (cancelled.status, cancelled.cancel_reason) == ("cancelled", "大风预警 <停止户外活动>")
    assert {row.recipient_id for row in owed(harness, SHIFT_CANCELLED)} == {lilei.id, emma.id}
    timed = pending_timed(harness, lilei)
    assert timed and all(row.state == OutboxState.SKIPPED for row in timed.values())
    if await dispatched(harness):
        assert "大风预警" in harness.person(LILEI).last().text
    assert "该岗位已取消" in (await wang.send(f"/cancelshift {shift.id}")).text


async def test_keeping_the_shift_changes_nothing(harness: Harness, wang: Person) -> None:
    shift = given_shift(harness)
    given_signed_up(harness, harness.given_registered(LILEI), shift)

    await wang.send(f"/cancelshift {shift.id}")
    kept = await wang.press("保留")

    assert "已保留" in kept.text
    assert reread(harness, shift).status == "open"
    assert owed(harness, SHIFT_CANCELLED) == []


async def test_a_long_cancellation_reason_is_echoed_as_it_will_be_kept(harness: Harness) -> None:
    shift = given_shift(harness)
    wang = harness.person(COORDINATOR)
    answer = await wang.send(f"/cancelshift {shift.id} " + "因暴雨<预警>取消" * 452)
    assert not wang.apologised()
    assert "取消" in answer.text
    assert len(answer.text) <= TEXT_LIMIT
