"""The text catalogues' pipeline: extract the msgids from the code, merge them into each
language's ``messages.po``, compile ``messages.mo``. One command, three steps:

    python -m bot.i18n_catalogue update   # messages.pot from the code, then messages.po, then .mo
    python -m bot.i18n_catalogue check    # fails if the .pot or a translation is behind (./check)
    python -m bot.i18n_catalogue compile  # the .mo files only (setup.py runs it at install)

After adding or changing a text: ``update``, translate the new ``msgstr`` in
``bot/locales/zh/LC_MESSAGES/messages.po`` (remove ``#, fuzzy`` once checked), ``update`` again.

Only Babel and the standard library here: setup.py loads this file by path at build time, when
the bot's own dependencies may not be installed.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from io import BytesIO
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
LOCALES = Path("bot") / "locales"
TEMPLATE = LOCALES / "messages.pot"
PO_NAME = "LC_MESSAGES/messages.po"
# Markers are Babel's defaults: _, N_ (a module-level constant), gettext, ngettext, pgettext.
KEYWORDS = DEFAULT_KEYWORDS
COMMENT_TAGS = ("TRANSLATORS:",)
_HEADER = """\
# The texts of shiftbot, extracted from the code (see babel.cfg).
# Made by `python -m bot.i18n_catalogue update`: never edit by hand."""
# The header lines that change on every run; two catalogues equal but for them are the same.
_VOLATILE = (b'"POT-Creation-Date:', b'"PO-Revision-Date:', b'"Generated-By:')


def extract(root: Path = ROOT) -> Catalog:
    """Every marked text of the sources babel.cfg names, as a fresh template."""
    with (root / "babel.cfg").open(encoding="utf-8") as handle:
        method_map, options_map = parse_mapping_cfg(handle)  # type: ignore[no-untyped-call]
    template = Catalog(project="shiftbot", version="0.1", header_comment=_HEADER, fuzzy=False)
    found = extract_from_dir(
        root, method_map, options_map, keywords=KEYWORDS, comment_tags=COMMENT_TAGS
    )
    for filename, lineno, message, comments, context in found:
        template.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return template


def render(catalogue: Catalog) -> bytes:
    """A catalogue as .po text: locations without line numbers, so moving code changes nothing."""
    out = BytesIO()
    write_po(out, catalogue, include_lineno=False, ignore_obsolete=True)
    return out.getvalue()


def same(left: bytes, right: bytes) -> bool:
    """Whether two .po texts differ only in their header's dates and Babel version."""

    def lines(text: bytes) -> list[bytes]:
        return [line for line in text.splitlines() if not line.startswith(_VOLATILE)]

    return lines(left) == lines(right)


def catalogue_paths(root: Path = ROOT) -> list[Path]:
    """``bot/locales/<lang>/LC_MESSAGES/messages.po`` of every language that has one."""
    return sorted((root / LOCALES).glob(f"*/{PO_NAME}"))


def read(path: Path) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=path.parents[1].name)


def mo_bytes(po: Path) -> bytes:
    """The compiled form of one .po; fuzzy translations are left out (they fall back to English)."""
    out = BytesIO()
    write_mo(out, read(po), use_fuzzy=False)
    return out.getvalue()


def compile_all(root: Path = ROOT, target: Path | None = None) -> list[Path]:
    """Write ``messages.mo`` beside each ``messages.po`` (or under ``target``, same layout)."""
    written = []
    for po in catalogue_paths(root):
        mo = (target or root) / po.relative_to(root).with_suffix(".mo")
        mo.parent.mkdir(parents=True, exist_ok=True)
        mo.write_bytes(mo_bytes(po))
        written.append(mo)
    return written


def _write_if_changed(path: Path, text: bytes) -> bool:
    if path.exists() and same(path.read_bytes(), text):
        return False
    path.write_bytes(text)
    return True


def update(root: Path = ROOT) -> None:
    """Re-extract the template, merge it into every language, compile; print what still lacks."""
    template = extract(root)
    if _write_if_changed(root / TEMPLATE, render(template)):
        print(f"updated {TEMPLATE}")
    for po in catalogue_paths(root):
        catalogue = read(po)
        catalogue.update(template)  # new texts similar to an old one come back fuzzy
        if _write_if_changed(po, render(catalogue)):
            print(f"updated {po.relative_to(root)}")
    compile_all(root)
    for line in problems(root):
        print(line)


def _untranslated(message: Message) -> bool:
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    return message.fuzzy or not all(strings)


def _key(message: Message) -> tuple[str, str]:
    """``(context, singular)``: how a catalogue tells its messages apart."""
    singular = message.id[0] if isinstance(message.id, tuple | list) else message.id
    return message.context or "", singular


def _label(key: tuple[str, str]) -> str:
    context, singular = key
    return f"{singular!r} (context {context!r})" if context else repr(singular)


def problems(root: Path = ROOT) -> Iterator[str]:
    """One line for each way the catalogues are behind the code; none when all is current."""
    template = extract(root)
    if not same((root / TEMPLATE).read_bytes(), render(template)):
        yield f"{TEMPLATE} differs from the texts in the code"
    wanted = {_key(m) for m in template if m.id}
    for po in catalogue_paths(root):
        name = po.relative_to(root)
        catalogue = read(po)
        have = {_key(m): m for m in catalogue if m.id}
        for key in sorted(wanted - have.keys()):
            yield f"{name}: not in the catalogue: {_label(key)}"
        for key in sorted(have.keys() - wanted):
            yield f"{name}: no longer in the code: {_label(key)}"
        for key in sorted(wanted & have.keys()):
            if _untranslated(have[key]):
                yield f"{name}: untranslated or fuzzy: {_label(key)}"


def check(root: Path = ROOT) -> int:
    found = list(problems(root))
    for line in found:
        print(line)
    if found:
        print(
            "catalogues are out of date: run `python -m bot.i18n_catalogue update`, "
            "then translate what it lists in the .po"
        )
        return 1
    print("catalogues up to date")
    return 0


def main(argv: list[str]) -> int:
    command = argv[0] if argv else ""
    if command == "update":
        update()
        return 0
    if command == "check":
        return check()
    if command == "compile":
        for mo in compile_all():
            print(f"compiled {mo.relative_to(ROOT)}")
        return 0
    print("usage: python -m bot.i18n_catalogue update|check|compile", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
