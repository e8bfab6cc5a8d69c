"""Checks on reply_markup, as Telegram makes them."""

from __future__ import annotations

from functools import cache
from typing import Any

from demo.botapi.errors import ApiError, bad_request
from demo.botapi.validation import type_fields

_MAX_BUTTONS = 100
_CANT_PARSE = "can't parse reply keyboard markup JSON object"
_REPLY_REQUESTS = (
    "request_contact",
    "request_location",
    "request_poll",
    "request_users",
    "request_chat",
    "request_managed_bot",
    "web_app",
)


@cache
def inline_actions() -> frozenset[str]:
    """Fields of InlineKeyboardButton of which exactly one says what the button does."""
    decorations = {"text", "icon_custom_emoji_id", "style"}
    return frozenset(f.name for f in type_fields("InlineKeyboardButton")) - decorations


def _rows(markup: dict[str, Any], key: str) -> list[list[Any]]:
    rows = markup.get(key)
    if not isinstance(rows, list) or not all(isinstance(r, list) for r in rows):
        raise bad_request(_CANT_PARSE)
    if sum(len(r) for r in rows) > _MAX_BUTTONS:
        raise bad_request("BUTTONS_TOO_MUCH")
    return rows


def _inline_button(button: Any) -> dict[str, Any]:
    if not isinstance(button, dict) or not isinstance(button.get("text"), str):
        raise bad_request("can't parse inline keyboard button: Text must be a String")
    if not button["text"].strip():
        raise bad_request("BUTTON_TEXT_INVALID")
    actions = [k for k in button if k in inline_actions()]
    if not actions:
        raise bad_request("text buttons are unallowed in the inline keyboard")
    if len(actions) > 1:
        raise bad_request(
            "can't parse inline keyboard button: Exactly one of the optional fields must be used"
        )
    data = button.get("callback_data")
    if "callback_data" in button and (
        not isinstance(data, str) or not 1 <= len(data.encode("utf-8")) <= 64
    ):
        raise bad_request("BUTTON_DATA_INVALID")
    url = button.get("url")
    if "url" in button and (
        not isinstance(url, str) or not url.startswith(("http://", "https://", "tg://"))
    ):
        raise bad_request(f"inline keyboard button URL '{url}' is invalid: Wrong HTTP URL")
    return dict(button)


def _reply_button(button: Any, *, private: bool) -> dict[str, Any]:
    if isinstance(button, str):
        button = {"text": button}
    if not isinstance(button, dict) or not isinstance(button.get("text"), str):
        raise bad_request("can't parse keyboard button: Text must be a String")
    if not button["text"].strip():
        raise bad_request("BUTTON_TEXT_INVALID")
    requests = [k for k in _REPLY_REQUESTS if button.get(k)]
    if len(requests) > 1:
        raise bad_request("can't parse keyboard button: Can't request more than one thing")
    if not private and button.get("request_contact"):
        raise bad_request("phone number can be requested in private chats only")
    if not private and button.get("request_location"):
        raise bad_request("location can be requested in private chats only")
    return dict(button)


def check_reply_markup(markup: Any, *, private: bool, inline_only: bool = False) -> dict[str, Any]:
    """The markup, normalised; raises ApiError 400 where Telegram would refuse it."""
    if not isinstance(markup, dict):
        raise bad_request(_CANT_PARSE)
    if "inline_keyboard" in markup:
        rows = [[_inline_button(b) for b in row] for row in _rows(markup, "inline_keyboard")]
        return {"inline_keyboard": rows}
    if inline_only:
        raise bad_request("inline keyboard expected")
    if "keyboard" in markup:
        rows = [
            [_reply_button(b, private=private) for b in row] for row in _rows(markup, "keyboard")
        ]
        if not any(rows):
            raise bad_request("keyboard must be non-empty")
        return {**markup, "keyboard": rows}
    if markup.get("remove_keyboard") is True or markup.get("force_reply") is True:
        return dict(markup)
    raise bad_request(_CANT_PARSE)


def callback_buttons(markup: dict[str, Any] | None) -> set[str]:
    """callback_data of every button a user could press on a message with ``markup``."""
    if not markup or "inline_keyboard" not in markup:
        return set()
    return {
        b["callback_data"] for row in markup["inline_keyboard"] for b in row if "callback_data" in b
    }


def check_entities_param(entities: Any) -> list[dict[str, Any]]:
    """The ``entities`` parameter: a list of MessageEntity objects."""
    ok = isinstance(entities, list) and all(
        isinstance(e, dict)
        and isinstance(e.get("type"), str)
        and isinstance(e.get("offset"), int)
        and isinstance(e.get("length"), int)
        for e in entities
    )
    if not ok:
        raise ApiError(400, "Bad Request: can't parse entities JSON object")
    return list(entities)
