"""Every message the bot can show exists in Chinese, with the same placeholders as the English."""

from __future__ import annotations

import re
import string
from pathlib import Path

from babel.messages.extract import extract_from_dir

from bot.i18n import catalogue

ROOT = Path(__file__).resolve().parents[1]
KEYWORDS = {"_": None, "N_": None, "gettext": None}


def _msgids() -> dict[str, str]:
    found: dict[str, str] = {}
    for folder in ("bot", "scheduler", "demo"):
        for filename, lineno, message, _comments, _context in extract_from_dir(
            ROOT / folder, method_map=[("**.py", "python")], keywords=KEYWORDS
        ):
            if isinstance(message, str) and message:
                found.setdefault(message, f"{folder}/{filename}:{lineno}")
    return found


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_message_has_a_chinese_translation() -> None:
    zh = catalogue("zh")
    missing = [f"{where}: {msgid!r}" for msgid, where in _msgids().items() if msgid not in zh]
    assert not missing, "missing zh translations:\n" + "\n".join(sorted(missing))


def test_translations_keep_the_placeholders() -> None:
    zh = catalogue("zh")
    wrong = [
        f"{msgid!r} -> {zh[msgid]!r}"
        for msgid in _msgids()
        if msgid in zh and _fields(msgid) != _fields(zh[msgid])
    ]
    assert not wrong, "placeholders differ:\n" + "\n".join(wrong)


def test_translations_keep_the_html_tags() -> None:
    zh = catalogue("zh")
    tags = re.compile(
        r"</?(?:b|strong|i|em|u|ins|s|strike|del|a|code|pre|blockquote|span|tg-spoiler|tg-emoji)\b"
    )
    wrong = [
        f"{msgid!r}"
        for msgid in _msgids()
        if msgid in zh and sorted(tags.findall(msgid)) != sorted(tags.findall(zh[msgid]))
    ]
    assert not wrong, "HTML tags differ:\n" + "\n".join(wrong)
