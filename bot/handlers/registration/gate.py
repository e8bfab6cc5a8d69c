"""The gate: someone who has not finished /start may register (or ask for /help), nothing else."""

from __future__ import annotations

from telegram import Update
from telegram.constants import ChatType
from telegram.ext import ApplicationHandlerStop, TypeHandler

from bot.context import ShiftContext
from bot.conversation import Flow
from bot.replies import refuse
from data.errors import NotRegistered

# Commands that make sense before registering.
_OPEN_COMMANDS = {"start", "help", "cancel"}


def gate_for(registration: Flow) -> TypeHandler[Update, ShiftContext, None]:
    """Unregistered users may only register (and ask for /help); anything else: /start first."""

    async def require_registration(update: Update, context: ShiftContext) -> None:
        volunteer, chat = context.volunteer, update.effective_chat
        if volunteer is None or volunteer.registered:
            return
        if chat is None or chat.type != ChatType.PRIVATE:
            return
        if registration.match(update, context.places.get(registration.name)) or _open_command(
            update
        ):
            return
        await refuse(update, context, NotRegistered())
        raise ApplicationHandlerStop

    return TypeHandler(Update, require_registration)


def _open_command(update: Update) -> bool:
    text = update.message.text if update.message else None
    if not text or not text.startswith("/"):
        return False
    return text.split()[0][1:].split("@")[0].lower() in _OPEN_COMMANDS
