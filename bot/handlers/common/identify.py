"""Who is talking: the volunteer behind each update, loaded (or created) before any handler runs,
where they are in each dialogue in this chat, and the language they read."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlmodel import Session
from telegram import Update
from telegram.constants import ChatType

from bot.context import ShiftContext
from bot.i18n import pick_language
from data.dialogues import Place, places_of
from data.identity import volunteer_as_is
from data.models import Volunteer
from data.volunteers import touch_volunteer


async def identify(update: Update, context: ShiftContext) -> None:
    """Load (or create) the volunteer behind this update, their dialogues here, their language."""
    user = update.effective_user
    if user is None or user.is_bot:
        return
    services = context.services
    chat = update.effective_chat
    private = chat is not None and chat.type == ChatType.PRIVATE
    # Only a message or a press shows the user is talking to us (a member update may be a block).
    present = private and (update.message is not None or update.callback_query is not None)
    context.where = (user.id, chat.id if chat else user.id)
    touch: dict[str, Any] = {
        "telegram_id": user.id,
        "chat_id": chat.id if private and chat else user.id,
        "username": user.username,
        "admin_ids": services.settings.admins,
        "present": present,
    }
    now, idle = services.now(), services.settings.conversation_idle
    # Most updates come from someone known and unchanged: a read, no write lock.
    known = await services.store.read(
        _as_is_and_where, touch=touch, where=context.where, now=now, idle=idle
    )
    if known is None:
        changes = {"full_name": user.full_name, "policy": services.policy}
        known = await services.store.run(
            _who_and_where, touch=touch | changes, where=context.where, now=now, idle=idle
        )
    volunteer, context.places = known
    context.volunteer = volunteer
    context.language = pick_language(
        volunteer.language, user.language_code, services.settings.default_language
    )


def _as_is_and_where(
    *,
    session: Session,
    touch: dict[str, Any],
    where: tuple[int, int],
    now: datetime,
    idle: timedelta,
) -> tuple[Volunteer, dict[str, Place]] | None:
    """The volunteer as stored and their dialogues here, or None when the row needs a write."""
    volunteer = volunteer_as_is(session=session, **touch)
    if volunteer is None:
        return None
    return volunteer, places_of(
        session=session, telegram_id=where[0], chat_id=where[1], now=now, idle=idle
    )


def _who_and_where(
    *,
    session: Session,
    touch: dict[str, Any],
    where: tuple[int, int],
    now: datetime,
    idle: timedelta,
) -> tuple[Volunteer, dict[str, Place]]:
    """One write transaction: the volunteer created or kept current, and their dialogues here."""
    volunteer = touch_volunteer(session=session, now=now, **touch)
    return volunteer, places_of(
        session=session, telegram_id=where[0], chat_id=where[1], now=now, idle=idle
    )
