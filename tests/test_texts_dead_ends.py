"""No dead ends in what the bot says: free text gets the main menu's buttons, a newcomer's
command menu offers /start, an old button press is logged as routine."""

from __future__ import annotations

import logging

import pytest

from tests.harness import Harness, button_labels
from tests.personas import EMMA, LILEI


async def test_free_text_gets_the_hint_and_the_main_menus_buttons(harness: Harness) -> None:
    harness.given_registered(LILEI)
    lilei = harness.person(LILEI)

    reply = await lilei.send("你好，请问怎么报名？")

    assert "我没看懂" in reply.text
    assert button_labels(reply) == ["📋 可报名岗位", "🗓 我的岗位", "⚙️ 设置"]
    opened = await lilei.press("📋 可报名岗位", reply)
    assert "岗位" in opened.text


async def test_free_text_in_english_has_the_menu_too(harness: Harness) -> None:
    harness.given_registered(EMMA)
    reply = await harness.person(EMMA).send("hello?")
    assert reply.text.startswith("I did not understand that.")
    assert button_labels(reply) == ["📋 Open shifts", "🗓 My shifts", "⚙️ Settings"]


def commands(harness: Harness, scope: str, language: str = "") -> list[str]:
    return [c["command"] for c in harness.api.commands.get((scope, language), [])]


async def test_a_newcomers_menu_shows_start(harness: Harness) -> None:
    assert commands(harness, "default")[0] == "start"
    assert commands(harness, "default", "zh")[0] == "start"
    assert commands(harness, "default", "en")[0] == "start"
    assert "shifts" not in commands(harness, "default")

    await harness.person(LILEI).send("/start")

    chat = harness.api.commands[(f"chat:{LILEI.telegram_id}", "")]
    assert chat[0] == {"command": "start", "description": "注册成为志愿者"}


async def test_registering_replaces_the_newcomers_menu_with_the_volunteers(
    harness: Harness,
) -> None:
    lilei = harness.person(LILEI)
    await lilei.send("/start")
    await lilei.press("中文")
    await lilei.press("使用“李雷”")
    await lilei.send("跳过")
    assert "start" not in commands(harness, f"chat:{LILEI.telegram_id}")
    assert "shifts" in commands(harness, f"chat:{LILEI.telegram_id}")


async def test_an_old_press_is_logged_at_info_not_as_a_warning(
    harness: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    harness.given_registered(LILEI)
    lilei = harness.person(LILEI)
    await lilei.send("你好")
    with caplog.at_level(logging.INFO):
        await lilei.press_data("1:gone:1")
    found = [r for r in caplog.records if "unhandled callback data" in r.getMessage()]
    assert found and all(r.levelno == logging.INFO for r in found)


async def test_a_coordinators_help_groups_commands_by_task_with_an_example(
    harness: Harness,
) -> None:
    from data.models import Role
    from tests.personas import COORDINATOR

    harness.given_registered(COORDINATOR, role=Role.COORDINATOR)
    zh = (await harness.person(COORDINATOR).send("/help")).text
    assert "📝 发布岗位\n/newshift — " in zh
    assert "例如：/newshift 2026-12-05 09:00-11:00 | 文明交通劝导 | 民主路口 | 6" in zh
    assert "👥 管理岗位\n/roster — " in zh and "例如：/roster 15" in zh
    assert "🔑 负责人任免" not in zh  # admins only
    harness.given_registered(EMMA, role=Role.ADMIN)
    en = (await harness.person(EMMA).send("/help")).text
    assert "🏮 Regular shifts and holidays\n/series — " in en
    assert "e.g. /skip 3 2027-02-10..2027-02-17" in en
    assert "🔑 Coordinators\n/promote — " in en
