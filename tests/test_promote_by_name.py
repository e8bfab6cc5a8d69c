"""Stories of an admin changing roles by name, for volunteers who have no Telegram username."""

from __future__ import annotations

import logging

import pytest
from sqlmodel import select

from data.models import Role, Team, Volunteer
from data.volunteers import add_admin, set_phone
from tests.harness import Harness, button_labels
from tests.personas import ADMIN, COORDINATOR, LILEI, ZHAO, Persona, crowd

# A namesake of Li Lei's family with no username, a phone and a unit.
LIFANG = Persona(3001, "李芳", None, None, "zh-hans")


def role_of(harness: Harness, persona: Persona) -> Role:
    with harness.store.session(write=False) as session:
        query = select(Volunteer).where(Volunteer.telegram_id == persona.telegram_id)
        return session.exec(query).one().role


@pytest.fixture
def li_fang_id(harness: Harness) -> int:
    """李芳: registered, phone shared, member of 秦州区市场监管局."""
    harness.given_registered(ADMIN, role=Role.ADMIN)
    harness.given_registered(LILEI)
    volunteer = harness.given_registered(LIFANG)
    assert volunteer.id is not None
    harness.store.call(set_phone, volunteer_id=volunteer.id, phone="+86 138 0000 0003")
    with harness.store.session() as session:
        team = Team(name="秦州区局", invite_code="qinzhou", created_at=harness.clock.now())
        session.add(team)
        session.flush()
        row = session.get(Volunteer, volunteer.id)
        assert row is not None
        row.team_id = team.id
        session.add(row)
    return volunteer.id


async def test_a_partial_chinese_name_lists_both_namesakes_to_pick_from(
    harness: Harness, li_fang_id: int
) -> None:
    chen = harness.person(ADMIN)
    offer = await chen.send("/promote 李")

    assert offer.text == "共有 2 名志愿者的姓名包含“李”。请选择要设为负责人的一位："
    assert button_labels(offer) == [
        "李芳 · 手机尾号 0003 · 秦州区局",
        "李雷 · @lilei",
        "不作更改",
    ]
    done = await chen.press("李芳 · 手机尾号 0003 · 秦州区局")

    assert done.text == "李芳 现在是负责人了。" and not button_labels(done)
    assert role_of(harness, LIFANG) == Role.COORDINATOR
    assert role_of(harness, LILEI) == Role.VOLUNTEER
    assert "您已成为负责人" in harness.person(LIFANG).last().text
    commands = harness.api.commands[(f"chat:{LIFANG.telegram_id}", "")]
    assert "newshift" in [c["command"] for c in commands]


async def test_a_unique_match_asks_to_confirm_and_latin_names_ignore_case(
    harness: Harness, li_fang_id: int
) -> None:
    chen = harness.person(ADMIN)
    harness.given_registered(Persona(3002, "Emma", "Clark", None, "en"))

    asked = await chen.send("/promote emma c")
    assert asked.text == "确定将 Emma Clark 设为负责人吗？"
    assert button_labels(asked) == ["✅ 设为负责人", "不作更改"]
    kept = await chen.press("不作更改")
    assert kept.text == "未作任何更改。"
    assert role_of(harness, Persona(3002, "Emma", "Clark", None, "en")) == Role.VOLUNTEER


async def test_the_name_can_be_typed_after_a_bare_command(
    harness: Harness, li_fang_id: int
) -> None:
    chen = harness.person(ADMIN)
    assert (await chen.send("/promote")).text.startswith("请问要将谁设为负责人？")

    nobody = await chen.send("张")
    assert nobody.text.startswith("没有姓名包含“张”的已注册志愿者。")
    asked = await chen.send("雷")  # still asked for: the next try is taken
    assert asked.text == "确定将 李雷 · @lilei 设为负责人吗？"
    done = await chen.press("✅ 设为负责人")
    assert done.text == "李雷 (@lilei) 现在是负责人了。"
    assert role_of(harness, LILEI) == Role.COORDINATOR


async def test_cancel_while_a_name_is_asked_changes_nothing(
    harness: Harness, li_fang_id: int
) -> None:
    chen = harness.person(ADMIN)
    await chen.send("/promote")
    assert (await chen.send("/cancel")).text == "已停止，未更改任何角色。"
    await chen.send("李雷")
    assert role_of(harness, LILEI) == Role.VOLUNTEER


async def test_demote_by_name(harness: Harness) -> None:
    harness.given_registered(ADMIN, role=Role.ADMIN)
    harness.given_registered(COORDINATOR, role=Role.COORDINATOR)
    chen = harness.person(ADMIN)

    asked = await chen.send("/demote 王")
    assert asked.text == "确定将 王芳 · 负责人 · @wangfang 改回志愿者吗？"
    done = await chen.press("✅ 改回志愿者")

    assert done.text == "王芳 (@wangfang) 已改回志愿者。"
    assert role_of(harness, COORDINATOR) == Role.VOLUNTEER
    assert "不能再使用负责人命令" in harness.person(COORDINATOR).last().text


async def test_a_forged_pick_by_a_non_admin_is_refused_and_logged(
    harness: Harness, li_fang_id: int, caplog: pytest.LogCaptureFixture
) -> None:
    harness.given_registered(COORDINATOR, role=Role.COORDINATOR)
    harness.given_registered(ZHAO)
    caplog.set_level(logging.WARNING, logger="bot.handlers.staff.guard")

    for persona in (ZHAO, COORDINATOR):
        person = harness.person(persona)
        await person.send("/help")
        await person.press_data(f"1:rolepro:{li_fang_id}")
        answer = person.last_answer()
        assert answer.get("show_alert") and "抱歉，只有管理员可以这样做" in answer["text"]
        await person.press_data("1:rolekeep")
        assert "只有管理员" in person.last_answer()["text"]
    assert role_of(harness, LIFANG) == Role.VOLUNTEER
    assert any("2003" in r.getMessage() for r in caplog.records)


async def test_a_pick_is_checked_again_when_pressed(harness: Harness, li_fang_id: int) -> None:
    chen = harness.person(ADMIN)
    await chen.send("/promote 李")
    harness.store.call(add_admin, telegram_id=LIFANG.telegram_id, now=harness.clock.now())

    await chen.press("李芳 · 手机尾号 0003 · 秦州区局")

    assert "管理员的角色不能更改" in chen.last_answer()["text"]
    assert role_of(harness, LIFANG) == Role.ADMIN


async def test_more_matches_than_shown_ask_to_narrow_the_search(harness: Harness) -> None:
    harness.given_registered(ADMIN, role=Role.ADMIN)
    for persona in crowd(12, first_id=4000):
        harness.given_registered(persona)

    offer = await harness.person(ADMIN).send("/promote 志愿者")

    assert offer.text.startswith("共有 10 名志愿者的姓名包含“志愿者”。")
    assert "仅显示前 10 位。请输入更完整的姓名以缩小范围。" in offer.text
    assert len(button_labels(offer)) == 11


async def test_the_old_forms_still_work(harness: Harness, li_fang_id: int) -> None:
    chen = harness.person(ADMIN)
    assert (await chen.send("/promote @lilei")).text == "李雷 (@lilei) 现在是负责人了。"
    reply = await chen.send(f"/demote {LIFANG.telegram_id}")
    assert "已经是志愿者" in reply.text


async def test_one_match_already_in_the_role_is_said_at_once(harness: Harness) -> None:
    harness.given_registered(ADMIN, role=Role.ADMIN)
    harness.given_registered(COORDINATOR, role=Role.COORDINATOR)
    reply = await harness.person(ADMIN).send("/promote 王芳")
    assert reply.text == "王芳 已经是负责人。"
    assert not button_labels(reply)
