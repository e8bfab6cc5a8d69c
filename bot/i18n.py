"""Texts in the user's language: gettext catalogues read from ``bot/locales/<lang>/LC_MESSAGES/*.po``.

Messages are written in English in the code (the msgid) and translated in the zh catalogue. Each
area of the bot keeps its own .po file; all files of a language merge into one catalogue.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path

from babel.messages.pofile import read_po

LOCALES = Path(__file__).resolve().parent / "locales"
LANGUAGES = ("zh", "en")

Gettext = Callable[[str], str]


def N_(message: str) -> str:
    """Mark a string for extraction without translating it now (module-level constants)."""
    return message


@cache
def catalogue(language: str) -> dict[str, str]:
    """Every translated message of ``language``; English needs none (the msgids are English)."""
    messages: dict[str, str] = {}
    folder = LOCALES / language / "LC_MESSAGES"
    for path in sorted(folder.glob("*.po")):
        with path.open("rb") as handle:
            for message in read_po(handle, locale=language):
                if (
                    message.id
                    and isinstance(message.id, str)
                    and message.string
                    and not message.fuzzy
                ):
                    messages[message.id] = str(message.string)
    return messages


def translator(language: str) -> Gettext:
    """A ``_`` for one language; unknown msgids fall back to the English text."""
    table = catalogue(language) if language in LANGUAGES else {}
    return lambda message: table.get(message, message)


def pick_language(stored: str | None, telegram_code: str | None, default: str) -> str:
    """The user's own choice, else their Telegram app's language, else the configured default."""
    if stored in LANGUAGES:
        return stored
    code = (telegram_code or "").lower()
    if code.startswith("zh"):
        return "zh"
    if code.startswith("en"):
        return "en"
    return default
