"""Applying a role change an admin asked for: the change, the target's menu, both told.

The target's command menu follows their new role at once; they are also told directly. A role
change is not an outbox kind, so this one direct message is sent from here, and a blocked bot
(Forbidden) or an unknown chat is logged rather than failing the admin's command.
"""

from __future__ import annotations

import logging
from html import escape

from telegram import Update
from telegram.error import TelegramError

from bot.context import ShiftContext
from bot.i18n import Gettext, pick_language, translator
from bot.menus import set_menu_for
from bot.replies import refuse, show
from data.errors import DomainError
from data.models import Role, Volunteer
from data.role_changes import change_role

log = logging.getLogger(__name__)


async def apply_role(update: Update, context: ShiftContext, target_id: int, role: Role) -> None:
    """Change the role (every rule checked now), refresh the target's menu, tell both.

    From a button the answer replaces the buttons' message; from a command it is a new one.
    """
    _ = context._
    try:
        change = await context.services.store.run(
            change_role, actor_id=context.my_id, target_id=target_id, role=role
        )
    except DomainError as error:
        await refuse(update, context, error)
        return
    target, who = change.volunteer, name_of(change.volunteer)
    if update.callback_query is not None:
        await update.callback_query.answer()
    if not change.changed:
        await show(update, already(role, _).format(who=who))
        return
    language = pick_language(target.language, None, context.services.settings.default_language)
    await refresh_menu(context, target, language)
    await tell_target(context, target, language)
    done = (
        _("{who} is now a coordinator.")
        if role == Role.COORDINATOR
        else _("{who} is a volunteer again.")
    )
    await show(update, done.format(who=who))


def already(role: Role, _: Gettext) -> str:
    """What to say when the target has ``role`` already (``{who}`` to fill in)."""
    if role == Role.COORDINATOR:
        return _("{who} is already a coordinator.")
    return _("{who} is already a volunteer.")


def name_of(volunteer: Volunteer) -> str:
    """``王芳 (@wangfang)``, escaped."""
    name = escape(volunteer.display_name)
    return f"{name} (@{escape(volunteer.username)})" if volunteer.username else name


async def refresh_menu(context: ShiftContext, target: Volunteer, language: str) -> None:
    try:
        await set_menu_for(context.bot, target, language)
    except TelegramError as exc:
        # The menu is refreshed anyway the next time they write; the role change stands.
        log.warning("could not set the menu of telegram id %s: %s", target.telegram_id, exc)


async def tell_target(context: ShiftContext, target: Volunteer, language: str) -> None:
    """A direct message in the target's own language."""
    _ = translator(language)
    if target.role == Role.COORDINATOR:
        text = _(
            "You are now a coordinator: you can post and manage shifts. Send /help to see your commands."
        )
    else:
        text = _(
            "You are a volunteer again; the coordinator commands are no longer available to you."
        )
    try:
        await context.bot.send_message(target.chat_id, text, parse_mode="HTML")
    except TelegramError as exc:  # Forbidden (blocked the bot) or a chat that no longer exists
        log.warning("could not tell telegram id %s of their new role: %s", target.telegram_id, exc)
