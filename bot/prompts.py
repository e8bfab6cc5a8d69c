"""A step's question and its buttons: which message asked it, so a typed answer can take the
buttons away and leave nothing on screen that would only say "this button has expired".

While a flow's step runs, :func:`watching` collects the ids of messages sent with inline
buttons (``bot.replies.reply`` notes them); the flow keeps the newest under :data:`PROMPT` in
its answers, and clears that message's buttons once the step is answered by typing.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from telegram import Bot
from telegram.error import TelegramError

PROMPT = "_prompt"  # the key, in a dialogue's answers, of the message id of its open question

log = logging.getLogger(__name__)
_sent: ContextVar[list[int] | None] = ContextVar("prompts_sent", default=None)


@contextmanager
def watching() -> Iterator[list[int]]:
    """The ids of messages with buttons sent inside the block, oldest first."""
    sent: list[int] = []
    token = _sent.set(sent)
    try:
        yield sent
    finally:
        _sent.reset(token)


def note_prompt(message_id: int) -> None:
    """A message with inline buttons was sent (outside a flow's step: ignored)."""
    sent = _sent.get()
    if sent is not None:
        sent.append(message_id)


async def clear_buttons(bot: Bot, chat_id: int, message_id: int) -> None:
    """Take an answered question's buttons away; one already edited or deleted is left be."""
    try:
        await bot.edit_message_reply_markup(chat_id=chat_id, message_id=message_id)
    except TelegramError as exc:  # "message is not modified", "message to edit not found"
        log.info("buttons of message %s stay: %s", message_id, exc)
