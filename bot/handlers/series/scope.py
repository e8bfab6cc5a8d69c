"""An edit or cancellation of an occurrence: "this occurrence only" or "this and all following".

/editshift and /cancelshift hand an occurrence over to ``edit_scope`` or ``cancel_scope``; the
pending change waits in the database (``bot/pending.py``) until a scope button is pressed. This
module holds the button column both show.
"""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.actions import Action, encode


def column(shift_id: int, *buttons: tuple[str, Action]) -> InlineKeyboardMarkup:
    """One scope button a row, each carrying the occurrence's number."""
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(label, callback_data=encode(action, shift_id))]
            for label, action in buttons
        ]
    )
