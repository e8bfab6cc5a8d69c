"""The error handler: log first with the update, then a short apology in the user's language."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import Forbidden

from bot.context import ShiftContext
from bot.replies import reply

log = logging.getLogger(__name__)


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
