"""Telegram objects built from the fake's state, shaped as Telegram sends them."""

from __future__ import annotations

from typing import Any

from demo.botapi.state import BotState, SentMessage


def _public_file(media: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in media.items() if k not in ("bytes", "file_path")}


def message_dict(state: BotState, message: SentMessage) -> dict[str, Any]:
    """The Message object for ``message`` (from, chat, date, content, inline keyboard)."""
    log = state.chats[message.chat_id]
    sender = state.bot_user() if message.from_bot else state.users[message.sender_id or 0].to_dict()
    out: dict[str, Any] = {
        "message_id": message.message_id,
        "from": sender,
        "chat": log.chat,
        "date": message.date,
    }
    if message.edited:
        out["edit_date"] = state.now_date()
    if message.document is not None:
        out["document"] = _public_file(message.document)
    if message.photo is not None:
        out["photo"] = [_public_file(message.photo)]
    if message.location is not None:
        out["location"] = message.location
    if message.contact is not None:
        out["contact"] = message.contact
    media = message.document is not None or message.photo is not None
    if media and message.caption:
        out["caption"] = message.caption
        if message.entities:
            out["caption_entities"] = message.entities
    elif not media and message.text:
        out["text"] = message.text
        if message.entities:
            out["entities"] = message.entities
    # Telegram echoes only inline keyboards inside Message objects.
    if message.reply_markup and "inline_keyboard" in message.reply_markup:
        out["reply_markup"] = message.reply_markup
    return out


def chat_full_info(chat: dict[str, Any]) -> dict[str, Any]:
    """The ChatFullInfo object getChat returns."""
    gifts = {
        "unlimited_gifts": False,
        "limited_gifts": False,
        "unique_gifts": False,
        "premium_subscription": False,
        "gifts_from_channels": False,
    }
    return {**chat, "accent_color_id": 0, "max_reaction_count": 11, "accepted_gift_types": gifts}
