"""Callback data: short, versioned, parsed strictly. ``1:<action>:<int>…``, never over 64 bytes.

Callback data says which button was pressed, never who pressed it: identity comes from the update.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

VERSION = "1"
_ACTION = re.compile(r"^[a-z]{1,8}$")
_PATTERN = re.compile(r"^1:([a-z]{1,8})((?::-?\d{1,12}){0,4})$")


@dataclass(frozen=True)
class Press:
    action: str
    args: tuple[int, ...]


class BadCallback(ValueError):
    """Callback data we did not write (forged, from an old version, or damaged)."""


def encode(action: str, *args: int) -> str:
    if not _ACTION.match(action):
        raise ValueError(f"bad action {action!r}")
    data = ":".join([VERSION, action, *(str(int(a)) for a in args)])
    if len(data.encode()) > 64:  # Telegram's limit; a longer one is refused as BUTTON_DATA_INVALID
        raise ValueError(f"callback data over 64 bytes: {data!r}")
    return data


def decode(data: str | None) -> Press:
    match = _PATTERN.match(data or "")
    if not match:
        raise BadCallback(data)
    args = tuple(int(a) for a in match.group(2).split(":")[1:])
    return Press(match.group(1), args)


def pattern(action: str) -> str:
    """Regex for a ``CallbackQueryHandler`` that takes one action."""
    return rf"^1:{action}(:|$)"
