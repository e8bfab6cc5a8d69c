"""An edit or cancellation of an occurrence: "this occurrence only" or "this and all following".

/editshift and /cancelshift hand an occurrence over to ``edit_scope`` (``srone``
``srall`` ``srnone``) or ``cancel_scope`` (``srcone`` ``srcall`` ``srckeep``); the pending
change waits in the database (``bot/pending.py``) until a scope button is pressed. This module holds
what both share: the button column, the pending change, and the replies when it expired or was
refused.
"""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.callbacks import encode
from bot.context import ShiftContext
from bot.handlers.staff.conversation import answer
from bot.replies import show
from bot.views.series_text import explain_series
from data.errors import DomainError


def column(shift_id: int, *buttons: tuple[str, str]) -> InlineKeyboardMarkup:
    """One scope button a row, each carrying the occurrence's number."""
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(label, callback_data=encode(action, shift_id))]
            for label, action in buttons
        ]
    )


async def expired(update: Update, context: ShiftContext, command: str, shift_id: int) -> None:
    """A toast: the change is no longer waiting, so the command must be sent again."""
    assert update.callback_query is not None
    text = context._("This confirmation has expired. Send /{command} {id} again.")
    await update.callback_query.answer(text.format(command=command, id=shift_id), show_alert=True)


async def explain(update: Update, context: ShiftContext, error: DomainError) -> None:
    """A refusal in place of the scope buttons."""
    await answer(update)
    await show(update, explain_series(error, context._, context.language))
