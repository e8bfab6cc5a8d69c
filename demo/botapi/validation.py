"""Decode and check Bot API parameters against the official specification.

``api_methods.json`` is the part of /work/shared/telegram-bot-api/api.json (Bot API 10.1) the
fake needs, shipped inside the package so the demo runs without the repository. It was made
once with::

    src = json.load(open("shared/telegram-bot-api/api.json"))
    fields = lambda o: [[f["name"], f["types"], f["required"]] for f in o.get("fields", [])]
    out = {"version": src["version"], "release_date": src["release_date"],
           "methods": {k: fields(v) for k, v in sorted(src["methods"].items())},
           "types": {k: fields(src["types"][k]) for k in KEEP_TYPES}}
    json.dump(out, open("demo/botapi/api_methods.json", "w"), ensure_ascii=False,
              separators=(",", ":"), sort_keys=True)

with KEEP_TYPES the keyboard, BotCommand and MessageEntity types. A test checks it still
matches the shared file when that file is present.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from aiohttp.web import FileField

from demo.botapi.errors import bad_request

SPEC_PATH = Path(__file__).with_name("api_methods.json")

# Telegram's own words where a required parameter is missing; the rest get a generic text.
_MISSING = {
    "chat_id": "chat_id is empty",
    "text": "message text is empty",
    "document": "there is no document in the request",
    "photo": "there is no photo in the request",
    "callback_query_id": "query_id is empty",
    "commands": "commands must be non-empty",
    "file_id": "file_id is empty",
}
_JSON_NAMES = {"reply_markup": "reply keyboard markup"}


@dataclass(frozen=True)
class Field:
    """One parameter of one method, as the specification describes it."""

    name: str
    types: tuple[str, ...]
    required: bool


@cache
def spec() -> dict[str, Any]:
    """The packaged specification subset, loaded once."""
    with SPEC_PATH.open(encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)
    return data


@cache
def method_names() -> dict[str, str]:
    """Lower-case method name -> canonical name (Telegram ignores case in method names)."""
    return {name.lower(): name for name in spec()["methods"]}


def fields_of(method: str) -> list[Field]:
    """The parameters of ``method``."""
    return [Field(n, tuple(t), bool(r)) for n, t, r in spec()["methods"][method]]


def type_fields(type_name: str) -> list[Field]:
    """The fields of an object type kept in the subset."""
    return [Field(n, tuple(t), bool(r)) for n, t, r in spec()["types"][type_name]]


def _decode_scalar(field: Field, raw: str) -> Any:
    kinds = field.types
    if "Integer" in kinds:
        try:
            return int(raw)
        except ValueError:
            if "String" in kinds:
                return raw
            raise bad_request(f"invalid {field.name} specified") from None
    if kinds == ("Float",):
        try:
            return float(raw)
        except ValueError:
            raise bad_request(f"invalid {field.name} specified") from None
    if kinds == ("Boolean",):
        if raw.lower() in ("true", "1"):
            return True
        if raw.lower() in ("false", "0", ""):
            return False
        raise bad_request(f"invalid {field.name} specified")
    if "String" in kinds:
        return raw
    try:
        return json.loads(raw)
    except ValueError:
        what = _JSON_NAMES.get(field.name, field.name)
        raise bad_request(f"can't parse {what} JSON object") from None


def decode_params(method: str, raw: dict[str, Any]) -> dict[str, Any]:
    """Typed parameters for ``method``; raises ApiError for missing or undecodable ones.

    Form and multipart bodies carry every value as a string, objects JSON-encoded (that is
    what PTB sends); a JSON body carries real JSON values. Unknown parameters are ignored,
    as Telegram does.
    """
    params: dict[str, Any] = {}
    for field in fields_of(method):
        value = raw.get(field.name)
        if isinstance(value, FileField):
            if "InputFile" not in field.types:
                raise bad_request(f"can't use file upload for {field.name}")
            value = {
                "file_name": value.filename,
                "content_type": value.content_type,
                "bytes": value.file.read(),
            }
        elif isinstance(value, str) and field.types != ("String",):
            value = _decode_scalar(field, value)
        if value is None or value == "":
            if field.required:
                raise bad_request(_MISSING.get(field.name, f"{field.name} is required"))
            continue
        params[field.name] = value
    return params
