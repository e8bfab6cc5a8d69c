"""Small helpers for answering: reply in HTML, edit a card in place, explain a refusal."""

from __future__ import annotations

from telegram import InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest

from bot.context import ShiftContext
from bot.explain import explain
from bot.prompts import note_prompt
from bot.refusals.wording import Refused

Markup = InlineKeyboardMarkup | None


async def reply(update: Update, text: str, markup: object = None) -> Message | None:
    """Send ``text`` (HTML) to the chat the update came from."""
    chat = update.effective_chat
    if chat is None:
        return None
    sent = await chat.send_message(text, parse_mode="HTML", reply_markup=markup)  # type: ignore[arg-type]
    if isinstance(markup, InlineKeyboardMarkup):
        note_prompt(sent.message_id)  # a question with buttons: a typed answer clears them
    return sent


async def show(update: Update, text: str, markup: Markup = None) -> None:
    """Edit the message a button belongs to, or send a new one for a command.

    An unchanged card is not an error here: Telegram's "message is not modified" is expected when
    someone presses a button whose card is already current.
    """
    query = update.callback_query
    if query is not None and query.message is not None:
        try:
            await query.edit_message_text(text, parse_mode="HTML", reply_markup=markup)
        except BadRequest as exc:
            if "not modified" not in str(exc).lower():
                raise
        return
    await reply(update, text, markup)


async def refuse(
    update: Update, context: ShiftContext, error: Refused, *, in_place: bool = False
) -> None:
    """Tell the user why a rule said no: as a toast for a button, as a message for a command;
    ``in_place``: in place of the card whose button was pressed (the caller answered the press)."""
    text = explain(error, context._, context.language)
    if in_place:
        await show(update, text)
        return
    query = update.callback_query
    if query is not None:
        # Toasts cannot carry HTML and are capped at 200 characters.
        await query.answer(_plain(text)[:200], show_alert=True)
        return
    await reply(update, text)


def _plain(html_text: str) -> str:
    """Text for a toast: tags dropped, entities read back."""
    import html
    import re

    return html.unescape(re.sub(r"<[^>]+>", "", html_text))
