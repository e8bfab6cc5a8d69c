"""Shared by the coordinator and admin handlers: the role guard, command text, conversations."""

from __future__ import annotations

import functools
import logging
import warnings
from collections.abc import Callable, Coroutine
from typing import Any

from telegram import Message, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, ConversationHandler
from telegram.warnings import PTBUserWarning

from bot.context import ShiftContext
from bot.replies import refuse
from data.errors import NotAllowed
from data.models import Role
from data.volunteers import is_coordinator

log = logging.getLogger(__name__)

Callback = Callable[[Update, ShiftContext], Coroutine[Any, Any, Any]]
END = ConversationHandler.END


async def require_staff(
    update: Update, context: ShiftContext, action: str, *, admin: bool = False
) -> bool:
    """Whether the sender may do ``action``; if not, refuse politely and log it.

    The role is the one the identify pre-handler read from the database for this very update, so
    a promotion or demotion counts from the next command or button press, even mid-conversation.
    """
    volunteer = context.volunteer
    if volunteer is not None:
        allowed = volunteer.role == Role.ADMIN if admin else is_coordinator(volunteer)
        if allowed:
            return True
    user = update.effective_user
    log.warning(
        "refused %s to telegram id %s (role %s)",
        action,
        user.id if user else None,
        volunteer.role if volunteer else None,
    )
    await refuse(update, context, NotAllowed(action="admin" if admin else "coordinator"))
    return False


def staff_only(action: str, *, admin: bool = False) -> Callable[[Callback], Callback]:
    """Guard a handler with :func:`require_staff`; a refused step also ends its conversation."""

    def decorate(handler: Callback) -> Callback:
        @functools.wraps(handler)
        async def guarded(update: Update, context: ShiftContext) -> Any:
            if not await require_staff(update, context, action, admin=admin):
                return END
            return await handler(update, context)

        return guarded

    return decorate


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


def conversation(
    name: str,
    entry_points: list[BaseHandler[Update, Any, Any]],
    states: dict[object, list[BaseHandler[Update, Any, Any]]],
    fallbacks: list[BaseHandler[Update, Any, Any]],
) -> ConversationHandler[Any]:
    """A per-user, per-chat conversation that a new start command restarts."""
    with warnings.catch_warnings():
        # Tracking per user and chat (not per message) is intended: a wizard spans messages,
        # and its buttons are checked against the current step by the state table.
        warnings.filterwarnings("ignore", message=".*per_message=False.*", category=PTBUserWarning)
        return ConversationHandler(
            entry_points=entry_points,
            states=states,
            fallbacks=fallbacks,
            name=name,
            allow_reentry=True,
        )


def button(action: str, arity: int = 0) -> str:
    """Regex for a ``CallbackQueryHandler``: ``action`` with exactly ``arity`` numbers.

    Data with the right action but the wrong shape (forged, damaged) then falls through to the
    common stale-button catch-all instead of reaching a handler that would misread it.
    """
    return rf"^1:{action}" + r":-?\d{1,12}" * arity + "$"


async def settle(update: Update, choice: str) -> None:
    """After a press, the prompt shows the answer (HTML) in place of its buttons."""
    query = update.callback_query
    if query is None:
        return
    await query.answer()
    message = query.message
    if isinstance(message, Message) and message.text is not None:
        await query.edit_message_text(f"{message.text_html}\n→ <b>{choice}</b>", parse_mode="HTML")


def late_buttons(action: str, *actions: str) -> CallbackQueryHandler[Any, Any]:
    """Buttons of a conversation step that is over: refused to non-staff, explained to staff."""

    @staff_only(action)
    async def step_over(update: Update, context: ShiftContext) -> None:
        """A wizard button pressed after its step (or the whole conversation) finished."""
        assert update.callback_query is not None
        text = context._(
            "That step is over: answer my newest message, or send /{command} to start again."
        ).format(command=action)
        await update.callback_query.answer(text, show_alert=True)

    return CallbackQueryHandler(step_over, pattern=rf"^1:({'|'.join(actions)})(:|$)")
