"""/promote and /demote <telegram id or @username>: admins make volunteers coordinators and back.

The target's command menu follows their new role at once; they are also told directly. A role
change is not an outbox kind, so this one direct message is sent from here, and a blocked bot
(Forbidden) or an unknown chat is logged rather than failing the admin's command.
"""

from __future__ import annotations

import logging
from html import escape

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import CommandHandler

from bot.context import ShiftContext
from bot.handlers.staff.conversation import command_text
from bot.handlers.staff.guard import staff_only
from bot.i18n import pick_language, translator
from bot.menus import set_menu_for
from bot.replies import refuse, reply
from bot.types import Handler
from data.errors import DomainError, InvalidInput
from data.models import Role, Volunteer
from data.volunteers import change_role, find_volunteer

log = logging.getLogger(__name__)


@staff_only("promote", admin=True)
async def promote(update: Update, context: ShiftContext) -> None:
    """/promote <id or @username>: make a registered volunteer a coordinator."""
    await set_role(update, context, Role.COORDINATOR)


@staff_only("demote", admin=True)
async def demote(update: Update, context: ShiftContext) -> None:
    """/demote <id or @username>: make a coordinator a volunteer again."""
    await set_role(update, context, Role.VOLUNTEER)


async def set_role(update: Update, context: ShiftContext, role: Role) -> None:
    """Change the role, refresh the target's menu, tell the target and the admin."""
    store, _ = context.services.store, context._
    ref = command_text(update)
    try:
        if not ref:
            raise InvalidInput(field="volunteer_ref", reason="format")
        before = await store.read(find_volunteer, ref=ref)
        target = await store.run(change_role, actor_id=context.my_id, target_ref=ref, role=role)
    except DomainError as error:
        await refuse(update, context, error)
        return
    who = name_of(target)
    if before.role == role:
        already = (
            _("{who} is already a coordinator.")
            if role == Role.COORDINATOR
            else _("{who} is already a volunteer.")
        )
        await reply(update, already.format(who=who))
        return
    language = pick_language(target.language, None, context.services.settings.default_language)
    await refresh_menu(context, target, language)
    await tell_target(context, target, language)
    done = (
        _("{who} is now a coordinator.")
        if role == Role.COORDINATOR
        else _("{who} is a volunteer again.")
    )
    await reply(update, done.format(who=who))


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


def handlers() -> list[Handler]:
    return [
        CommandHandler("promote", promote),
        CommandHandler("demote", demote),
    ]
