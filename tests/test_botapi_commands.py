"""The command menu is stored per scope and language, with Telegram's rules on commands."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from telegram import BotCommand, BotCommandScopeAllPrivateChats, BotCommandScopeChat
from telegram.error import BadRequest
from telegram.ext import ExtBot

from demo.botapi import FakeBotAPI
from demo.botapi.validation import SPEC_PATH
from tests.fake_botapi import bot_for, running
from tests.personas import COORDINATOR

SHARED_SPEC = Path(__file__).resolve().parents[1].parent / "shared/telegram-bot-api/api.json"


@pytest.fixture
async def api() -> AsyncIterator[FakeBotAPI]:
    async with running() as fake:
        fake.add_user(COORDINATOR.telegram_id, COORDINATOR.first_name)
        yield fake


@pytest.fixture
async def bot(api: FakeBotAPI) -> AsyncIterator[ExtBot[None]]:
    async with bot_for(api) as connected:
        yield connected


async def test_menus_are_kept_per_scope_and_language(api: FakeBotAPI, bot: ExtBot[None]) -> None:
    await bot.set_my_commands([BotCommand("shifts", "查看班次")], language_code="zh")
    await bot.set_my_commands(
        [BotCommand("shifts", "Shifts")], language_code="en", scope=BotCommandScopeAllPrivateChats()
    )
    coordinator = BotCommandScopeChat(COORDINATOR.telegram_id)
    await bot.set_my_commands([BotCommand("new_shift", "新建班次")], scope=coordinator)

    assert api.commands == {
        ("default", "zh"): [{"command": "shifts", "description": "查看班次"}],
        ("all_private_chats", "en"): [{"command": "shifts", "description": "Shifts"}],
        (f"chat:{COORDINATOR.telegram_id}", ""): [
            {"command": "new_shift", "description": "新建班次"}
        ],
    }
    menu = await bot.get_my_commands(scope=coordinator)
    assert [c.command for c in menu] == ["new_shift"]
    assert await bot.get_my_commands() == ()  # default scope, no language: nothing set

    await bot.delete_my_commands(language_code="zh")
    assert ("default", "zh") not in api.commands


@pytest.mark.parametrize(
    ("command", "description", "error"),
    [
        ("Shifts", "大写", "BOT_COMMAND_INVALID"),
        ("x" * 33, "太长", "BOT_COMMAND_INVALID"),
        ("shifts", "", "BOT_COMMAND_DESCRIPTION_INVALID"),
        ("shifts", "长" * 257, "BOT_COMMAND_DESCRIPTION_INVALID"),
    ],
)
async def test_bad_commands_are_refused(
    bot: ExtBot[None], command: str, description: str, error: str
) -> None:
    with pytest.raises(BadRequest, match=error.capitalize()):
        await bot.set_my_commands([BotCommand(command, description)])


async def test_a_menu_for_an_unknown_chat_is_refused(bot: ExtBot[None]) -> None:
    with pytest.raises(BadRequest, match="Chat not found"):
        await bot.set_my_commands([BotCommand("a", "b")], scope=BotCommandScopeChat(77))


def test_the_packaged_spec_matches_the_shared_one() -> None:
    if not SHARED_SPEC.exists():
        pytest.skip("shared api.json not present (installed package)")
    shared = json.loads(SHARED_SPEC.read_text(encoding="utf-8"))
    packaged = json.loads(SPEC_PATH.read_text(encoding="utf-8"))

    assert packaged["version"] == shared["version"]
    for name, method in shared["methods"].items():
        fields = [[f["name"], f["types"], f["required"]] for f in method.get("fields", [])]
        assert packaged["methods"][name] == fields, name
