"""Texts in the user's language: the compiled catalogue ``bot/locales/<lang>/LC_MESSAGES/messages.mo``.

Messages are written in English in the code (the msgid) and translated in the zh catalogue;
``python -m bot.i18n_catalogue`` extracts, updates and compiles them, and installing the package
(``pip install -e .`` too) compiles the .mo. English needs no catalogue: the msgids are English.
"""

from __future__ import annotations

import logging
from functools import cache
from gettext import NullTranslations
from io import BytesIO
from pathlib import Path
from typing import Protocol

from babel.support import Translations

LOCALES = Path(__file__).resolve().parent / "locales"
LANGUAGES = ("zh", "en")
SOURCE_LANGUAGE = "en"  # the language of the msgids
DOMAIN = "messages"

log = logging.getLogger(__name__)


class Gettext(Protocol):
    """``_``: ``_(text)``; ``_.ngettext(singular, plural, n)`` for a count; ``_.pgettext``."""

    def __call__(self, message: str, /) -> str: ...

    def ngettext(self, singular: str, plural: str, n: int, /) -> str: ...

    def pgettext(self, context: str, message: str, /) -> str: ...


class _Translator:
    """One language's ``_`` over Babel's :class:`~babel.support.Translations`."""

    def __init__(self, translations: NullTranslations) -> None:
        self._translations = translations

    def __call__(self, message: str, /) -> str:
        # gettext("") is the catalogue's header, not an empty text.
        return self._translations.gettext(message) if message else message

    def ngettext(self, singular: str, plural: str, n: int, /) -> str:
        return self._translations.ngettext(singular, plural, n)

    def pgettext(self, context: str, message: str, /) -> str:
        return self._translations.pgettext(context, message)


def N_(message: str) -> str:
    """Mark a string for extraction without translating it now (module-level constants)."""
    return message


@cache
def translator(language: str) -> Gettext:
    """A ``_`` for one language; unknown msgids and languages fall back to the English text."""
    return _Translator(_translations(language))


def _translations(language: str) -> NullTranslations:
    if language not in LANGUAGES or language == SOURCE_LANGUAGE:
        return NullTranslations()  # the msgids as they are; its plural rule is English's n != 1
    folder = LOCALES / language / "LC_MESSAGES"
    mo, po = folder / f"{DOMAIN}.mo", folder / f"{DOMAIN}.po"
    if mo.exists() and (not po.exists() or mo.stat().st_mtime >= po.stat().st_mtime):
        with mo.open("rb") as handle:
            return Translations(handle, domain=DOMAIN)
    # A stale .mo would show old texts without a sign; compiling the .po here shows the right
    # ones, and the warning says how to start faster next time.
    log.warning(
        "%s is missing or older than its .po; compiled in memory. Run: python -m bot.i18n_catalogue compile",
        mo,
    )
    from bot.i18n_catalogue import mo_bytes  # the pipeline, only for a checkout not compiled

    return Translations(BytesIO(mo_bytes(po)), domain=DOMAIN)


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
