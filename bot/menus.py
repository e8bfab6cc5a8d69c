"""The command menu: one list, shown per role and language with ``set_my_commands`` scopes."""

from __future__ import annotations

from dataclasses import dataclass

from telegram import Bot, BotCommand, BotCommandScopeChat, BotCommandScopeDefault

from bot.i18n import LANGUAGES, N_, translator
from data.models import Role, Volunteer


@dataclass(frozen=True)
class Command:
    name: str
    description: str
    roles: tuple[Role, ...]


_ALL = (Role.VOLUNTEER, Role.COORDINATOR, Role.ADMIN)
_STAFF = (Role.COORDINATOR, Role.ADMIN)

COMMANDS = (
    Command("shifts", N_("Open shifts to sign up for"), _ALL),
    Command("my", N_("My shifts and waitlist places"), _ALL),
    Command("checkin", N_("Check in at my shift"), _ALL),
    Command("checkout", N_("Check out of my shift"), _ALL),
    Command("hours", N_("My service hours"), _ALL),
    Command("newshift", N_("Post a shift"), _STAFF),
    Command("series", N_("Regular shifts"), _STAFF),
    Command("roster", N_("Who is on a shift: /roster <no.>"), _STAFF),
    Command("editshift", N_("Change a shift: /editshift <no.>"), _STAFF),
    Command("cancelshift", N_("Cancel a shift: /cancelshift <no.> [reason]"), _STAFF),
    Command("skip", N_("Holiday dates for a regular shift"), _STAFF),
    Command("export", N_("Service hours as a spreadsheet (XLSX)"), _STAFF),
    Command("promote", N_("Make a volunteer a coordinator"), (Role.ADMIN,)),
    Command("demote", N_("Make a coordinator a volunteer again"), (Role.ADMIN,)),
    Command("settings", N_("Language and reminders"), _ALL),
    Command("help", N_("What I can do"), _ALL),
    Command("cancel", N_("Stop what we are doing"), _ALL),
)


def commands_for(role: str, language: str) -> list[BotCommand]:
    _ = translator(language)
    return [BotCommand(c.name, _(c.description)) for c in COMMANDS if role in c.roles]


async def set_default_menus(bot: Bot, default_language: str) -> None:
    """Menus for people the bot has not met yet: volunteer commands in each language."""
    await bot.set_my_commands(
        commands_for(Role.VOLUNTEER, default_language), scope=BotCommandScopeDefault()
    )
    for language in LANGUAGES:
        await bot.set_my_commands(
            commands_for(Role.VOLUNTEER, language),
            scope=BotCommandScopeDefault(),
            language_code=language,
        )


async def set_menu_for(bot: Bot, volunteer: Volunteer, language: str) -> None:
    """This user's own menu: their role's commands in their chosen language."""
    await bot.set_my_commands(
        commands_for(volunteer.role, language), scope=BotCommandScopeChat(volunteer.chat_id)
    )
