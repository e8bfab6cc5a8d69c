"""The command menu: one list, shown per role and language with ``set_my_commands`` scopes."""

from __future__ import annotations

from dataclasses import dataclass

from telegram import Bot, BotCommand, BotCommandScopeChat, BotCommandScopeDefault

from bot.i18n import LANGUAGES, N_, translator
from data.models import Role, Volunteer
from data.roles import ADMIN_ROLES, EVERYONE, STAFF_ROLES


@dataclass(frozen=True)
class Command:
    name: str
    description: str
    roles: tuple[Role, ...]


COMMANDS = (
    Command("shifts", N_("Open shifts to sign up for"), EVERYONE),
    Command("my", N_("My shifts and waitlist places"), EVERYONE),
    Command("checkin", N_("Check in at my shift"), EVERYONE),
    Command("checkout", N_("Check out of my shift"), EVERYONE),
    Command("hours", N_("My service hours"), EVERYONE),
    Command("newshift", N_("Post a shift"), STAFF_ROLES),
    Command("series", N_("Regular shifts"), STAFF_ROLES),
    Command("roster", N_("Who is on a shift: /roster <no.>"), STAFF_ROLES),
    Command("editshift", N_("Change a shift: /editshift <no.>"), STAFF_ROLES),
    Command("cancelshift", N_("Cancel a shift: /cancelshift <no.> [reason]"), STAFF_ROLES),
    Command("skip", N_("Holiday dates for a regular shift"), STAFF_ROLES),
    Command("export", N_("Service hours as a spreadsheet (XLSX)"), STAFF_ROLES),
    Command("promote", N_("Make a volunteer a coordinator"), ADMIN_ROLES),
    Command("demote", N_("Make a coordinator a volunteer again"), ADMIN_ROLES),
    Command("settings", N_("Name, phone, language and reminders"), EVERYONE),
    Command("help", N_("What I can do"), EVERYONE),
    Command("cancel", N_("Stop the current step"), EVERYONE),
)


# Before registering: /start is the way in; the role's commands come once registered.
NEWCOMER = (
    Command("start", N_("Register as a volunteer"), EVERYONE),
    Command("help", N_("What I can do"), EVERYONE),
)


def newcomer_commands(language: str) -> list[BotCommand]:
    _ = translator(language)
    return [BotCommand(c.name, _(c.description)) for c in NEWCOMER]


def commands_for(role: Role, language: str) -> list[BotCommand]:
    _ = translator(language)
    return [BotCommand(c.name, _(c.description)) for c in COMMANDS if role in c.roles]


async def set_default_menus(bot: Bot, default_language: str) -> None:
    """Menus for people the bot has not met yet: /start first, in each language."""
    await bot.set_my_commands(newcomer_commands(default_language), scope=BotCommandScopeDefault())
    for language in LANGUAGES:
        await bot.set_my_commands(
            newcomer_commands(language), scope=BotCommandScopeDefault(), language_code=language
        )


async def set_newcomer_menu(bot: Bot, chat_id: int, language: str) -> None:
    """On first contact, this chat's own menu: /start, in the language Telegram suggests (a
    menu of an earlier registration, or another language's default, would mislead)."""
    await bot.set_my_commands(newcomer_commands(language), scope=BotCommandScopeChat(chat_id))


async def set_menu_for(bot: Bot, volunteer: Volunteer, language: str) -> None:
    """This user's own menu: their role's commands in their chosen language."""
    await bot.set_my_commands(
        commands_for(volunteer.role, language), scope=BotCommandScopeChat(volunteer.chat_id)
    )
