"""What staff commands and conversations share: the command's text, acknowledging a press, a
prompt that shows the answer, and buttons of a finished step."""

from __future__ import annotations

from typing import Any

from telegram import Message, Update
from telegram.ext import CallbackQueryHandler

from bot.actions import Action, any_of
from bot.context import ShiftContext
from bot.handlers.staff.guard import staff_only
from bot.refusals.buttons import LateButton
from bot.replies import refuse


def command_text(update: Update) -> str:
    """What follows the command word (``/newshift@bot``) in the message, spacing kept."""
    message = update.effective_message
    text = message.text if message is not None and message.text else ""
    parts = text.split(maxsplit=1)
    return parts[1].strip() if len(parts) == 2 else ""


async def answer(update: Update) -> None:
    """Acknowledge a button press so the phone stops its spinner."""
    if update.callback_query is not None:
        await update.callback_query.answer()


async def settle(update: Update, choice: str) -> None:
    """After a press, the prompt shows the answer (HTML) in place of its buttons."""
    query = update.callback_query
    if query is None:
        return
    await query.answer()
    message = query.message
    if isinstance(message, Message) and message.text is not None:
        await query.edit_message_text(f"{message.text_html}\n→ <b>{choice}</b>", parse_mode="HTML")


def late_buttons(command: str, *actions: Action) -> CallbackQueryHandler[Any, Any]:
    """Buttons of a conversation step that is over: refused to non-staff, explained to staff."""

    @staff_only(command)
    async def step_over(update: Update, context: ShiftContext) -> None:
        """A wizard button pressed after its step (or the whole conversation) finished."""
        await refuse(update, context, LateButton(command=command))

    return CallbackQueryHandler(step_over, pattern=any_of(*actions))
