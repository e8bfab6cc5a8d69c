"""Who is talking: the volunteer behind each update, loaded (or created) before any handler runs,
and the language they read."""

from __future__ import annotations

from telegram import Update
from telegram.constants import ChatType

from bot.context import ShiftContext
from bot.i18n import pick_language
from data.volunteers import touch_volunteer


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
