"""For everyone: who is talking (identify), private-chat guard, /help, /cancel, errors, stale buttons."""

from __future__ import annotations

import html
import logging

from telegram import Update
from telegram.constants import ChatType
from telegram.error import Forbidden
from telegram.ext import (
    ApplicationHandlerStop,
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.context import ShiftContext
from bot.i18n import pick_language
from bot.menus import COMMANDS
from bot.replies import reply
from bot.types import App
from data.models import Role
from data.volunteers import touch_volunteer

log = logging.getLogger(__name__)

IDENTIFY_GROUP = -2
GUARD_GROUP = -1


async def identify(update: Update, context: ShiftContext) -> None:
    """Load (or create) the volunteer behind this update and pick their language."""
    user = update.effective_user
    if user is None or user.is_bot:
        return
    services = context.services
    chat = update.effective_chat
    private = chat is not None and chat.type == ChatType.PRIVATE
    # Only a message or a press shows the user is talking to us (a member update may be a block).
    present = private and (update.message is not None or update.callback_query is not None)
    context.volunteer = await services.store.run(
        touch_volunteer,
        telegram_id=user.id,
        chat_id=chat.id if private and chat else user.id,
        username=user.username,
        full_name=user.full_name,
        now=services.now(),
        admin_ids=services.settings.admins,
        present=present,
        policy=services.policy,
    )
    context.language = pick_language(
        context.volunteer.language, user.language_code, services.settings.default_language
    )


async def private_only(update: Update, context: ShiftContext) -> None:
    """Commands belong in the private chat with the bot; in a group, say so once and stop."""
    _ = context._
    bot_name = context.bot.username
    await reply(
        update,
        _("Please use me in a private chat: open @{bot} and send the command there.").format(
            bot=html.escape(bot_name)
        ),
    )
    raise ApplicationHandlerStop


async def ignore_edit(update: Update, context: ShiftContext) -> None:
    """An edited message is not a new command or answer: re-running it would post a shift twice."""
    raise ApplicationHandlerStop


async def show_help(update: Update, context: ShiftContext) -> None:
    """/help: what each command does, for this user's role."""
    _ = context._
    role = context.volunteer.role if context.volunteer else Role.VOLUNTEER
    lines = [_("<b>What I can do</b>")]
    lines += [f"/{c.name} — {html.escape(_(c.description))}" for c in COMMANDS if role in c.roles]
    lines.append(_("Tap the buttons under my messages to choose; /cancel stops any step."))
    await reply(update, "\n".join(lines))


async def cancel_nothing(update: Update, context: ShiftContext) -> None:
    """/cancel outside any conversation."""
    await reply(update, context._("There is nothing to cancel. /help lists what I can do."))


async def stale_button(update: Update, context: ShiftContext) -> None:
    """A button no handler took: forged, from an older version, or from a finished conversation."""
    query = update.callback_query
    assert query is not None
    log.warning("unhandled callback data %r from user %s", query.data, query.from_user.id)
    await query.answer(
        context._("This button is no longer valid. Send /help to start again."), show_alert=True
    )


async def unknown_text(update: Update, context: ShiftContext) -> None:
    """Text nobody expected (e.g. typed where a button was offered)."""
    await reply(
        update,
        context._("I did not understand that. Use the buttons, or send /help to see the commands."),
    )


async def on_error(update: object, context: ShiftContext) -> None:
    """Log with context first; the user gets a short apology in their language, never a traceback."""
    log.error("error while handling %r", update, exc_info=context.error)
    if isinstance(context.error, Forbidden) or not isinstance(update, Update):
        return
    try:
        if update.callback_query is not None:
            await update.callback_query.answer(
                context._("Sorry, something went wrong. Please try again."), show_alert=True
            )
        elif update.effective_chat is not None:
            await reply(update, context._("Sorry, something went wrong. Please try again."))
    except Exception:  # the apology itself failed (network); the log above has the cause
        log.exception("could not apologise")


def register_first(app: App) -> None:
    """Pre-handlers that run before every other group."""
    app.add_handler(TypeHandler(Update, identify), group=IDENTIFY_GROUP)
    # Command and text handlers also match edits by default (filters.UpdateType.MESSAGES).
    app.add_handler(MessageHandler(filters.UpdateType.EDITED, ignore_edit), group=GUARD_GROUP)
    app.add_handler(
        MessageHandler(filters.COMMAND & ~filters.ChatType.PRIVATE, private_only), group=GUARD_GROUP
    )
    app.add_error_handler(on_error)  # type: ignore[arg-type]


def register_last(app: App) -> None:
    """Catch-alls, after every feature's handlers in group 0."""
    app.add_handler(CommandHandler("help", show_help))
    app.add_handler(CommandHandler("cancel", cancel_nothing))
    app.add_handler(CallbackQueryHandler(stale_button))
    app.add_handler(MessageHandler(filters.ChatType.PRIVATE & ~filters.COMMAND, unknown_text))
    app.add_handler(MessageHandler(filters.ChatType.PRIVATE & filters.COMMAND, unknown_text))
