"""Every message the bot can show exists in Chinese, with the same placeholders as the English."""

from __future__ import annotations

import os
import re
import shutil
import string
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message

from bot import i18n
from bot.i18n import LOCALES, translator
from bot.i18n_catalogue import extract, mo_bytes, problems, read, render, update

ZH = LOCALES / "zh" / "LC_MESSAGES" / "messages.po"
TAGS = re.compile(
    r"</?(?:b|strong|i|em|u|ins|s|strike|del|a|code|pre|blockquote|span|tg-spoiler|tg-emoji)\b"
)


def _in_code() -> list[Message]:
    """The messages of the code itself, extracted now (not the committed .pot)."""
    return [m for m in extract() if m.id]


def _forms(message: Message) -> tuple[str, ...]:
    text = message.string
    return tuple(text) if isinstance(text, tuple | list) else (text,)


def _ids(message: Message) -> tuple[str, ...]:
    return tuple(message.id) if isinstance(message.id, tuple | list) else (message.id,)


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.fixture(scope="module")
def zh() -> dict[object, Message]:
    return {m.id: m for m in read(ZH) if m.id}


def test_every_message_has_a_chinese_translation(zh: dict[object, Message]) -> None:
    missing = [
        f"{m.locations[0][0]}: {m.id!r}"
        for m in _in_code()
        if m.id not in zh or zh[m.id].fuzzy or not all(_forms(zh[m.id]))
    ]
    assert not missing, "missing or fuzzy zh translations:\n" + "\n".join(sorted(missing))


def test_translations_keep_the_placeholders(zh: dict[object, Message]) -> None:
    # Each plural form uses the placeholders of the English forms, and together all of the
    # plural's: zh has one form for every count, so it must say {count} where the English does.
    wrong = []
    for message in _in_code():
        if message.id not in zh:
            continue
        english = [_fields(text) for text in _ids(message)]
        forms = [_fields(text) for text in _forms(zh[message.id])]
        allowed = set().union(*english)
        if any(not form <= allowed for form in forms) or set().union(*forms) != english[-1]:
            wrong.append(f"{message.id!r} -> {zh[message.id].string!r}")
    assert not wrong, "placeholders differ:\n" + "\n".join(wrong)


def test_translations_keep_the_html_tags(zh: dict[object, Message]) -> None:
    wrong = [
        f"{m.id!r}"
        for m in _in_code()
        if m.id in zh
        and any(
            sorted(TAGS.findall(form)) != sorted(TAGS.findall(_ids(m)[-1]))
            for form in _forms(zh[m.id])
        )
    ]
    assert not wrong, "HTML tags differ:\n" + "\n".join(wrong)


def test_chinese_has_one_plural_form() -> None:
    assert read(ZH).plural_forms == "nplurals=1; plural=0;"


def test_the_bot_reads_the_compiled_catalogue() -> None:
    _ = translator("zh")
    assert _("Skip") == "跳过"
    assert _("") == "", "the empty msgid is the catalogue's header, never a text"
    assert translator("fr")("Skip") == "Skip"


def test_a_missing_or_stale_mo_is_compiled_in_memory_with_a_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    folder = tmp_path / "zh" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    po = Path(shutil.copy(ZH, folder))
    monkeypatch.setattr(i18n, "LOCALES", tmp_path)
    assert i18n._translations("zh").gettext("Skip") == "跳过"
    assert "bot.i18n_catalogue compile" in caplog.text

    caplog.clear()
    mo = folder / "messages.mo"
    mo.write_bytes(mo_bytes(po))
    os.utime(po, (1, 1))  # the .po is older than its .mo: the .mo is current
    assert i18n._translations("zh").gettext("Skip") == "跳过"
    assert not caplog.text


def test_the_check_names_every_text_the_catalogues_lack(tmp_path: Path) -> None:
    (tmp_path / "babel.cfg").write_text("[python: bot/**.py]\n")
    code = tmp_path / "bot" / "texts.py"
    code.parent.mkdir()
    code.write_text('_("Hello")\n_.ngettext("{n} cat", "{n} cats", n)\n')
    po = tmp_path / "bot" / "locales" / "zh" / "LC_MESSAGES" / "messages.po"
    po.parent.mkdir(parents=True)
    po.write_bytes(render(Catalog(locale="zh")))

    update(tmp_path)
    assert sorted(problems(tmp_path)) == [
        "bot/locales/zh/LC_MESSAGES/messages.po: untranslated or fuzzy: 'Hello'",
        "bot/locales/zh/LC_MESSAGES/messages.po: untranslated or fuzzy: '{n} cat'",
    ]

    catalogue = read(po)
    catalogue["Hello"].string, catalogue["{n} cat"].string = "你好", ("{n} 只猫",)
    po.write_bytes(render(catalogue))
    assert list(problems(tmp_path)) == []

    code.write_text('_("Hello")\n_("Goodbye")\n')
    assert list(problems(tmp_path)) == [
        "bot/locales/messages.pot differs from the texts in the code",
        "bot/locales/zh/LC_MESSAGES/messages.po: not in the catalogue: 'Goodbye'",
        "bot/locales/zh/LC_MESSAGES/messages.po: no longer in the code: '{n} cat'",
    ]
