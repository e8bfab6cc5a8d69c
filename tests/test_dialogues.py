"""Dialogue rows: a step is taken once however many updates race for it; an idle one is over."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from data.db import Store
from data.dialogues import claim_step, end_dialogue, forget_idle, places_of, save_place
from data.models import Role, Volunteer
from tests.harness import START, Harness
from tests.personas import COORDINATOR
from tests.test_newshift import shifts

DAY = timedelta(days=1)
ME = dict(telegram_id=COORDINATOR.telegram_id, chat_id=COORDINATOR.telegram_id)


def test_two_updates_at_one_step_take_it_once(store: Store) -> None:
    store.call(save_place, **ME, name="newshift", now=START, step="confirm")
    place = store.call(places_of, **ME, now=START, idle=DAY)["newshift"]

    first = store.call(claim_step, **ME, name="newshift", version=place.version, now=START)
    second = store.call(claim_step, **ME, name="newshift", version=place.version, now=START)

    assert (first, second) == (True, False)


def test_answers_kept_mid_step_leave_the_step_as_it_is(store: Store) -> None:
    store.call(save_place, **ME, name="newshift", now=START, step="title")
    store.call(save_place, **ME, name="newshift", now=START, keep_step=True, data={"title": "x"})

    place = store.call(places_of, **ME, now=START, idle=DAY)["newshift"]

    assert (place.step, place.data) == ("title", {"title": "x"})


def test_a_dialogue_idle_longer_than_the_limit_is_over_and_then_deleted(store: Store) -> None:
    store.call(save_place, **ME, name="newshift", now=START, step="title")
    store.call(save_place, **ME, name="registration", now=START + DAY, step="name")

    assert set(store.call(places_of, **ME, now=START + DAY / 2, idle=DAY)) == {
        "newshift",
        "registration",
    }
    assert set(
        store.call(places_of, **ME, now=START + 2 * DAY - timedelta(seconds=1), idle=DAY)
    ) == {"registration"}
    assert store.call(forget_idle, now=START + 2 * DAY - timedelta(seconds=1), idle=DAY) == 1
    assert set(store.call(places_of, **ME, now=START, idle=DAY)) == {"registration"}


def test_an_ended_dialogue_keeps_nothing(store: Store) -> None:
    store.call(save_place, **ME, name="registration", now=START, step="name", data={"a": 1})
    store.call(end_dialogue, **ME, name="registration")

    assert store.call(places_of, **ME, now=START, idle=DAY) == {}


async def test_a_wizard_left_for_two_days_does_not_take_the_next_text_as_its_answer(
    harness: Harness,
) -> None:
    harness.given_registered(COORDINATOR, role=Role.COORDINATOR)
    wang = harness.person(COORDINATOR)
    assert "第 1 步" in (await wang.send("/newshift")).text

    harness.clock.advance(timedelta(days=2))
    reply = await wang.send("文明交通劝导")

    assert "第 2 步" not in reply.text
    assert "/help" in reply.text


async def test_pressing_post_twice_posts_one_shift(harness: Harness) -> None:
    harness.given_registered(COORDINATOR, role=Role.COORDINATOR)
    wang = harness.person(COORDINATOR)
    await wang.send("/newshift")
    await wang.send("食品安全宣传")
    await wang.press("明天 · 12月2日 周三")
    await wang.press("09:00–11:00")
    await wang.send("中心农贸市场")
    await wang.press("4")
    look = wang.last()
    data = harness.api.find_button(look, "✅ 发布")

    await wang.press("✅ 发布", look)
    harness.api.user_presses(wang.id, look.message_id, data, forge=True)
    await harness.deliver()

    assert [s.title for s in shifts(harness)] == ["食品安全宣传"]
    assert harness.api.callback_answers[-1]["show_alert"] is True


async def test_someone_in_two_dialogues_answers_the_newer_one(harness: Harness) -> None:
    harness.given_registered(COORDINATOR, role=Role.COORDINATOR)
    wang = harness.person(COORDINATOR)
    assert "第 1 步" in (await wang.send("/newshift")).text
    harness.clock.advance(timedelta(seconds=5))
    await wang.send("/settings")
    await wang.press("✏️ 修改姓名")

    await wang.send("王芳芳")

    with harness.store.session() as session:
        me = session.exec(select(Volunteer).where(Volunteer.telegram_id == wang.id)).one()
    assert me.display_name == "王芳芳"
    assert shifts(harness) == []
    harness.clock.advance(timedelta(seconds=5))
    assert "第 2 步" in (await wang.send("文明交通劝导")).text  # the wizard waited meanwhile
