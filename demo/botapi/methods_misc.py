"""Bot API methods about the bot itself, its menu, callback answers and chats."""

from __future__ import annotations

import re
from typing import Any

from demo.botapi.errors import CHAT_NOT_FOUND, QUERY_TOO_OLD, bad_request
from demo.botapi.shapes import chat_full_info
from demo.botapi.state import BotState

Params = dict[str, Any]

_COMMAND = re.compile(r"[a-z0-9_]{1,32}")
_LANGUAGE = re.compile(r"[a-z]{2}")
_ACTIONS = {
    "typing",
    "upload_photo",
    "record_video",
    "upload_video",
    "record_voice",
    "upload_voice",
    "upload_document",
    "choose_sticker",
    "find_location",
    "record_video_note",
    "upload_video_note",
}
CALLBACK_TIMEOUT = 15.0  # seconds Telegram waits for answerCallbackQuery


def get_me(state: BotState, p: Params) -> dict[str, Any]:
    """getMe."""
    return {
        **state.bot_user(),
        "can_join_groups": True,
        "can_read_all_group_messages": False,
        "supports_inline_queries": False,
        "can_connect_to_business": False,
        "has_main_web_app": False,
    }


def set_webhook(state: BotState, p: Params) -> bool:
    """setWebhook: remembered, never called (the fake delivers by getUpdates only)."""
    if not str(p["url"]).startswith("https://"):
        raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
    state.webhook = dict(p)
    return True


def delete_webhook(state: BotState, p: Params) -> bool:
    """deleteWebhook, dropping pending updates if asked."""
    state.webhook = {}
    if p.get("drop_pending_updates"):
        state.updates.clear()
    return True


def get_webhook_info(state: BotState, p: Params) -> dict[str, Any]:
    """getWebhookInfo."""
    return {
        "url": state.webhook.get("url", ""),
        "has_custom_certificate": False,
        "pending_update_count": len(state.updates),
    }


def ok(state: BotState, p: Params) -> bool:
    """Methods the fake accepts without keeping anything (logOut, close, setChatMenuButton)."""
    return True


def scope_key(state: BotState, scope: Any) -> str:
    """ "default", "all_private_chats", "chat:123", ... for a BotCommandScope."""
    if scope is None:
        return "default"
    kind = scope.get("type") if isinstance(scope, dict) else None
    if kind in ("default", "all_private_chats", "all_group_chats", "all_chat_administrators"):
        return str(kind)
    if kind in ("chat", "chat_administrators", "chat_member"):
        if state.lookup_chat(scope.get("chat_id", 0)) is None:
            raise bad_request(CHAT_NOT_FOUND)
        key = f"{kind}:{scope['chat_id']}"
        return f"{key}:{scope.get('user_id')}" if kind == "chat_member" else key
    raise bad_request("can't parse BotCommandScope JSON object")


def _language(p: Params) -> str:
    language = str(p.get("language_code", ""))
    if language and not _LANGUAGE.fullmatch(language):
        raise bad_request("invalid language code specified")
    return language


def set_my_commands(state: BotState, p: Params) -> bool:
    """setMyCommands, stored per (scope, language)."""
    commands = p["commands"]
    if not isinstance(commands, list):
        raise bad_request("can't parse commands JSON object")
    if len(commands) > 100:
        raise bad_request("too many commands specified")
    for command in commands:
        if not isinstance(command, dict):
            raise bad_request("can't parse BotCommand JSON object")
        if not _COMMAND.fullmatch(str(command.get("command", ""))):
            raise bad_request("BOT_COMMAND_INVALID")
        if not 1 <= len(str(command.get("description", "")).strip()) <= 256:
            raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
    key = (scope_key(state, p.get("scope")), _language(p))
    stored = [{"command": c["command"], "description": c["description"]} for c in commands]
    if stored:
        state.commands[key] = stored
    else:
        state.commands.pop(key, None)
    return True


def delete_my_commands(state: BotState, p: Params) -> bool:
    """deleteMyCommands."""
    state.commands.pop((scope_key(state, p.get("scope")), _language(p)), None)
    return True


def get_my_commands(state: BotState, p: Params) -> list[dict[str, Any]]:
    """getMyCommands for exactly that scope and language."""
    return list(state.commands.get((scope_key(state, p.get("scope")), _language(p)), []))


def answer_callback_query(state: BotState, p: Params) -> bool:
    """answerCallbackQuery: once per query, within 15 s of the fake's clock."""
    query_id = str(p["callback_query_id"])
    record = state.callback_queries.get(query_id)
    expired = record is None or state.clock() - record.created > CALLBACK_TIMEOUT
    if record is None or record.answered or expired:
        raise bad_request(QUERY_TOO_OLD)
    text = p.get("text")
    if text is not None and len(str(text)) > 200:
        raise bad_request("MESSAGE_TOO_LONG")
    record.answered = True
    answer = {
        "callback_query_id": query_id,
        "text": text,
        "show_alert": bool(p.get("show_alert", False)),
        "url": p.get("url"),
    }
    state.callback_answers.append(answer)
    state.publish("callback_answer", chat_id=record.chat_id, answer=answer)
    state.notify()
    return True


def get_chat(state: BotState, p: Params) -> dict[str, Any]:
    """getChat."""
    log = state.lookup_chat(p["chat_id"])
    if log is None:
        raise bad_request(CHAT_NOT_FOUND)
    return chat_full_info(log.chat)


def send_chat_action(state: BotState, p: Params) -> bool:
    """sendChatAction."""
    state.chat_for_send(p["chat_id"])
    if p["action"] not in _ACTIONS:
        raise bad_request("wrong parameter action in request")
    return True
