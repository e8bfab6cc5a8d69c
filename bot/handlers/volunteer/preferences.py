"""/settings: the volunteer's name and phone (changed in ``profile.py``), language, reminders."""

from __future__ import annotations

from html import escape

from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot.actions import Action
from bot.context import ShiftContext
from bot.handlers.presses import pressed, query_of
from bot.i18n import LANGUAGES
from bot.menus import set_menu_for
from bot.replies import show
from bot.types import Handler
from bot.views import keyboards
from data.volunteers import set_language, set_reminders


async def show_settings(update: Update, context: ShiftContext) -> None:
    """/settings: the current choices, with a button to change each."""
    _ = context._
    volunteer = context.me()
    if volunteer.reminders_on:
        reminders = _("🔔 Reminders are on: I message you before each of your shifts.")
    else:
        reminders = _("🔕 Reminders are off: I will not remind you before your shifts.")
    if volunteer.phone:
        phone = _("Phone: {phone}").format(phone=escape(volunteer.phone))
    else:
        phone = _("Phone: not shared")
    text = "\n".join(
        [
            _("<b>Settings</b>"),
            _("Name: {name}").format(name=escape(volunteer.display_name)),
            phone,
            _("Language: {language}").format(language=keyboards.LANGUAGE_NAMES[context.language]),
            reminders,
        ]
    )
    await show(update, text, keyboards.settings(context.language, volunteer.reminders_on, _))


async def change_setting(update: Update, context: ShiftContext) -> None:
    """A settings button: switch language (and the command menu with it) or toggle reminders."""
    args = await pressed(update, context)
    if args is None:
        return
    what, value = args
    services = context.services
    if what == keyboards.SET_LANGUAGE:
        language = LANGUAGES[value]
        context.volunteer = await services.store.run(
            set_language, volunteer_id=context.my_id, language=language
        )
        context.language = language
        await set_menu_for(context.bot, context.me(), language)
        done = context._("Language changed.")
    else:
        context.volunteer = await services.store.run(
            set_reminders, volunteer_id=context.my_id, on=bool(value)
        )
        done = context._("Reminders on.") if value else context._("Reminders off.")
    await query_of(update).answer(done)
    await show_settings(update, context)


def handlers() -> list[Handler]:
    return [
        CommandHandler("settings", show_settings),
        CallbackQueryHandler(change_setting, pattern=Action.SETTING.pattern),
    ]
