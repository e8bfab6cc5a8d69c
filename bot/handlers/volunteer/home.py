"""The main menu: what a registered volunteer sees after /start, and where its buttons lead."""

from __future__ import annotations

from html import escape

from telegram import Update
from telegram.ext import CallbackQueryHandler

from bot.actions import Action
from bot.context import ShiftContext
from bot.handlers.presses import pressed, query_of
from bot.handlers.volunteer import browse, mine, preferences
from bot.replies import reply
from bot.types import Handler
from bot.views import keyboards


async def show_menu(update: Update, context: ShiftContext, *, welcome_back: bool = False) -> None:
    """The main menu: open shifts, my shifts, settings."""
    _ = context._
    text = _("What would you like to do?")
    if welcome_back:
        name = escape(context.me().display_name)
        text = _("Welcome back, {name}!").format(name=name) + "\n" + text
    await reply(update, text, keyboards.main_menu(_))


async def open_menu_entry(update: Update, context: ShiftContext) -> None:
    """A main-menu button: the list, /my or /settings, in place of the menu."""
    args = await pressed(update, context)
    if args is None:
        return
    await query_of(update).answer()
    if args[0] == keyboards.MENU_SHIFTS:
        await browse.show_page(update, context, 0)
    elif args[0] == keyboards.MENU_MINE:
        await mine.show_mine(update, context)
    else:
        await preferences.show_settings(update, context)


def handlers() -> list[Handler]:
    return [
        CallbackQueryHandler(open_menu_entry, pattern=Action.MENU.pattern),
    ]
