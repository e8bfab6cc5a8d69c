"""Bot API methods that put messages into chats or change them."""

from __future__ import annotations

from typing import Any

from demo.botapi.errors import NOT_MODIFIED, ApiError, bad_request
from demo.botapi.files import store_upload
from demo.botapi.html_check import parse_html
from demo.botapi.markup import check_entities_param, check_reply_markup
from demo.botapi.plain import trim, utf16_len
from demo.botapi.shapes import message_dict
from demo.botapi.state import BotState, ChatLog, SentMessage

Params = dict[str, Any]


def formatted(
    p: Params, text_key: str, entities_key: str
) -> tuple[str, list[dict[str, Any]], str | None]:
    """Plain text, entities and original HTML (if any) of a text or caption parameter."""
    source = str(p.get(text_key, ""))
    mode = p.get("parse_mode")
    if mode is None:
        entities = check_entities_param(p.get(entities_key, []))
        text, entities = trim(source, entities)
        return text, entities, None
    if str(mode).lower() == "html":
        text, entities = trim(*parse_html(source))
        return text, entities, source
    if str(mode).lower() in ("markdown", "markdownv2"):
        # shiftbot formats with HTML only; the fake does not implement Markdown parsing.
        raise bad_request(f"can't parse entities: parse_mode {mode} is not supported by the fake")
    raise bad_request("unsupported parse_mode")


def message_text(p: Params) -> tuple[str, list[dict[str, Any]], str | None]:
    """The ``text`` parameter, checked for Telegram's 1-4096 characters after parsing."""
    text, entities, source = formatted(p, "text", "entities")
    if not text:
        raise bad_request("message text is empty")
    if utf16_len(text) > 4096:
        raise bad_request("message is too long")
    return text, entities, source


def caption(p: Params) -> tuple[str, list[dict[str, Any]], str | None]:
    """The optional ``caption`` parameter, at most 1024 characters after parsing."""
    text, entities, source = formatted(p, "caption", "caption_entities")
    if utf16_len(text) > 1024:
        raise bad_request("message caption is too long")
    return text, entities, source


def markup(p: Params, log: ChatLog, *, inline_only: bool = False) -> dict[str, Any] | None:
    """The checked ``reply_markup`` parameter, if given."""
    if "reply_markup" not in p:
        return None
    return check_reply_markup(p["reply_markup"], private=log.is_private, inline_only=inline_only)


def _throttle(state: BotState, log: ChatLog) -> None:
    if state.limiter is None:
        return
    wait = state.limiter.retry_after(log.id, is_group=not log.is_private)
    if wait is not None:
        raise ApiError(429, f"Too Many Requests: retry after {wait}", retry_after=wait)


def _sent(state: BotState, log: ChatLog, **fields: Any) -> dict[str, Any]:
    if state.limiter is not None:
        state.limiter.record(log.id, is_group=not log.is_private)
    message = state.new_message(log, from_bot=True, **fields)
    return message_dict(state, message)


def _target_chat(state: BotState, p: Params) -> ChatLog:
    """The chat a send goes to, after checking the message it replies to exists."""
    log = state.chat_for_send(p["chat_id"])
    reply = p.get("reply_parameters")
    if isinstance(reply, dict) and "message_id" in reply:
        missing = log.find(int(reply["message_id"])) is None
        if missing and not reply.get("allow_sending_without_reply"):
            raise bad_request("message to be replied not found")
    return log


def send_message(state: BotState, p: Params) -> dict[str, Any]:
    """sendMessage."""
    log = _target_chat(state, p)
    text, entities, source = message_text(p)
    keyboard = markup(p, log)
    _throttle(state, log)
    return _sent(state, log, text=text, entities=entities, html=source, reply_markup=keyboard)


def send_document(state: BotState, p: Params) -> dict[str, Any]:
    """sendDocument: an upload (kept with its bytes) or a known file_id."""
    return _send_media(state, p, "document")


def send_photo(state: BotState, p: Params) -> dict[str, Any]:
    """sendPhoto."""
    return _send_media(state, p, "photo")


def _send_media(state: BotState, p: Params, kind: str) -> dict[str, Any]:
    """A file with an optional caption: checked, paced and stored like Telegram does."""
    log = _target_chat(state, p)
    text, entities, source = caption(p)
    keyboard = markup(p, log)
    _throttle(state, log)
    media = store_upload(state, p[kind], kind=kind)
    return _sent(
        state,
        log,
        caption=text or None,
        entities=entities,
        html=source,
        reply_markup=keyboard,
        **{kind: media},
    )


def send_location(state: BotState, p: Params) -> dict[str, Any]:
    """sendLocation."""
    log = _target_chat(state, p)
    lat, lon = float(p["latitude"]), float(p["longitude"])
    if not -90 <= lat <= 90 or not -180 <= lon <= 180:
        raise bad_request("wrong location specified")
    keyboard = markup(p, log)
    _throttle(state, log)
    return _sent(state, log, location={"latitude": lat, "longitude": lon}, reply_markup=keyboard)


def _target(state: BotState, p: Params, missing: str) -> tuple[ChatLog, SentMessage]:
    """The bot message an edit or delete names; 400 ``missing`` if there is none."""
    if "inline_message_id" in p:
        raise bad_request("MESSAGE_ID_INVALID")  # the fake has no inline messages
    if "chat_id" not in p:
        raise bad_request("chat_id is empty")
    if "message_id" not in p:
        raise bad_request("message identifier is not specified")
    log = state.chat_for_send(p["chat_id"])
    message = log.find(int(p["message_id"]))
    if message is None:
        raise bad_request(missing)
    return log, message


def _inline(message: SentMessage) -> dict[str, Any] | None:
    """The message's inline keyboard; a reply keyboard is not part of the message."""
    current = message.reply_markup
    return current if current is not None and "inline_keyboard" in current else None


def _set_inline(message: SentMessage, keyboard: dict[str, Any] | None) -> None:
    if keyboard is not None or _inline(message) is not None:
        message.reply_markup = keyboard
    message.edited = True


def edit_message_text(state: BotState, p: Params) -> dict[str, Any]:
    """editMessageText; without reply_markup the inline keyboard goes, as on Telegram."""
    log, message = _target(state, p, "message to edit not found")
    if not message.from_bot:
        raise bad_request("message can't be edited")
    if message.document is not None or message.photo is not None or not message.text:
        raise bad_request("there is no text in the message to edit")
    text, entities, source = message_text(p)
    keyboard = markup(p, log, inline_only=True)
    if (text, entities, keyboard) == (message.text, message.entities, _inline(message)):
        raise bad_request(NOT_MODIFIED)
    message.text, message.entities, message.html = text, entities, source
    _set_inline(message, keyboard)
    state.publish("edit", message)
    state.notify()
    return message_dict(state, message)


def edit_message_reply_markup(state: BotState, p: Params) -> dict[str, Any]:
    """editMessageReplyMarkup."""
    log, message = _target(state, p, "message to edit not found")
    if not message.from_bot:
        raise bad_request("message can't be edited")
    keyboard = markup(p, log, inline_only=True)
    if keyboard == _inline(message):
        raise bad_request(NOT_MODIFIED)
    _set_inline(message, keyboard)
    state.publish("edit", message)
    state.notify()
    return message_dict(state, message)


def delete_message(state: BotState, p: Params) -> bool:
    """deleteMessage (the bot may delete its own and, in private chats, users' messages)."""
    log, message = _target(state, p, "message to delete not found")
    if not message.from_bot and not log.is_private:
        raise bad_request("message can't be deleted")
    message.deleted = True
    state.publish("delete", message)
    state.notify()
    return True
