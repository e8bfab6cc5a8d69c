"""Telegram's HTML parse mode, as strict as Telegram (tdlib's ``parse_html``).

Error texts and byte offsets follow tdlib (td/telegram/MessageEntity.cpp), so a test that
passes here fails the same way against api.telegram.org. One deliberate difference: a bare
``&`` that does not start ``&lt;`` ``&gt;`` ``&amp;`` ``&quot;`` or a numeric reference is an
error here, while Telegram keeps it as text. Telegram's documentation asks for it to be
escaped, and an unescaped ``&`` in our output means some user string skipped html.escape.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Any

from demo.botapi.errors import ApiError
from demo.botapi.plain import utf16_len

_ENTITY = re.compile(r"&(?:(lt|gt|amp|quot)|#([0-9]{1,7})|#[xX]([0-9a-fA-F]{1,6}));")
_SIMPLE = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
    "code": "code",
    "pre": "pre",
    "a": "text_link",
    "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
}


def _parse_error(detail: str) -> ApiError:
    return ApiError(400, f"Bad Request: can't parse entities: {detail}")


@dataclass
class _Open:
    tag: str
    attrs: dict[str, str]
    offset: int  # UTF-16 offset in the plain text where the entity starts


class _Parser:
    def __init__(self, source: str) -> None:
        self.src = source
        self.i = 0
        self.out: list[str] = []
        self.pos = 0  # UTF-16 length of the output so far
        self.stack: list[_Open] = []
        self.entities: list[dict[str, Any]] = []

    def byte_offset(self, index: int) -> int:
        return len(self.src[:index].encode("utf-8"))

    def emit(self, text: str) -> None:
        self.out.append(text)
        self.pos += utf16_len(text)

    def entity_at(self, index: int) -> tuple[str, int] | None:
        match = _ENTITY.match(self.src, index)
        if match is None:
            return None
        if match.group(1):
            return html.unescape(match.group(0)), match.end()
        code = int(match.group(2)) if match.group(2) else int(match.group(3), 16)
        if code == 0 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
            return None
        return chr(code), match.end()

    def run(self) -> tuple[str, list[dict[str, Any]]]:
        src = self.src
        while self.i < len(src):
            ch = src[self.i]
            if ch == "&":
                decoded = self.entity_at(self.i)
                if decoded is None:
                    raise _parse_error(
                        f'Bare "&" at byte offset {self.byte_offset(self.i)}: escape it as &amp; '
                        "(fake Bot API is stricter than Telegram here)"
                    )
                self.emit(decoded[0])
                self.i = decoded[1]
            elif ch != "<":
                self.emit(ch)
                self.i += 1
            elif src.startswith("</", self.i):
                self.end_tag()
            else:
                self.start_tag()
        if self.stack:
            raise _parse_error(
                f'Can\'t find end tag corresponding to start tag "{self.stack[-1].tag}"'
            )
        self.entities.sort(key=lambda e: (e["offset"], -e["length"]))
        return "".join(self.out), self.entities

    def start_tag(self) -> None:
        src, begin = self.src, self.i
        i = begin + 1
        while i < len(src) and not src[i].isspace() and src[i] != ">":
            i += 1
        if i >= len(src):
            raise _parse_error(f"Unclosed start tag at byte offset {self.byte_offset(begin)}")
        tag = src[begin + 1 : i].lower()
        if tag not in _SIMPLE:
            raise _parse_error(
                f'Unsupported start tag "{tag}" at byte offset {self.byte_offset(begin)}'
            )
        attrs, i = self.attributes(tag, begin, i)
        if tag == "span" and attrs.get("class") != "tg-spoiler":
            raise _parse_error(
                f'Tag "span" must have class "tg-spoiler" at byte offset {self.byte_offset(begin)}'
            )
        self.stack.append(_Open(tag, attrs, self.pos))
        self.i = i + 1  # past '>'

    def attributes(self, tag: str, begin: int, i: int) -> tuple[dict[str, str], int]:
        src, attrs = self.src, dict[str, str]()
        unclosed = f"Unclosed start tag at byte offset {self.byte_offset(begin)}"
        while True:
            while i < len(src) and src[i].isspace():
                i += 1
            if i >= len(src):
                raise _parse_error(unclosed)
            if src[i] == ">":
                return attrs, i
            name_start = i
            while i < len(src) and not src[i].isspace() and src[i] not in "=>":
                i += 1
            name = src[name_start:i].lower()
            if not name:
                raise _parse_error(
                    f'Empty attribute name in the tag "{tag}" at byte offset '
                    f"{self.byte_offset(begin)}"
                )
            while i < len(src) and src[i].isspace():
                i += 1
            if tag == "blockquote" and name == "expandable" and src[i : i + 1] != "=":
                attrs[name] = ""
                continue
            if i >= len(src) or src[i] != "=":
                raise _parse_error(
                    f'Expected equal sign in declaration of an attribute of the tag "{tag}" '
                    f"at byte offset {self.byte_offset(begin)}"
                )
            i += 1
            while i < len(src) and src[i].isspace():
                i += 1
            if i >= len(src):
                raise _parse_error(unclosed)
            attrs[name], i = self.attribute_value(i)

    def attribute_value(self, i: int) -> tuple[str, int]:
        src = self.src
        if src[i] not in "'\"":
            start = i
            while i < len(src) and (src[i].isalnum() or src[i] in ".-"):
                i += 1
            if i < len(src) and not src[i].isspace() and src[i] != ">":
                raise _parse_error(
                    f"Unexpected end of name token at byte offset {self.byte_offset(start)}"
                )
            return src[start:i].lower(), i
        quote, i, value = src[i], i + 1, []
        while i < len(src) and src[i] != quote:
            decoded = self.entity_at(i) if src[i] == "&" else None
            if decoded is not None:
                value.append(decoded[0])
                i = decoded[1]
            else:
                value.append(src[i])
                i += 1
        return "".join(value), i + 1

    def end_tag(self) -> None:
        src, begin = self.src, self.i
        close = src.find(">", begin)
        if close < 0:
            raise _parse_error(f"Unclosed end tag at byte offset {self.byte_offset(begin)}")
        name = src[begin + 2 : close].lower()
        if not self.stack:
            raise _parse_error(f"Unexpected end tag at byte offset {self.byte_offset(begin)}")
        top = self.stack[-1]
        if name and name != top.tag:
            raise _parse_error(
                f"Unmatched end tag at byte offset {self.byte_offset(begin)}, "
                f'expected "</{top.tag}>", found "</{name}>"'
            )
        self.stack.pop()
        self.close_entity(top)
        self.i = close + 1

    def close_entity(self, top: _Open) -> None:
        length = self.pos - top.offset
        if length <= 0:
            return  # Telegram drops empty entities
        entity: dict[str, Any] = {"type": _SIMPLE[top.tag], "offset": top.offset, "length": length}
        if top.tag == "a":
            entity["url"] = top.attrs.get("href", "")
        elif top.tag == "blockquote" and "expandable" in top.attrs:
            entity["type"] = "expandable_blockquote"
        elif top.tag == "tg-emoji":
            entity["custom_emoji_id"] = top.attrs.get("emoji-id", "")
        elif top.tag == "pre" and "language" in top.attrs:
            entity["language"] = top.attrs["language"]
        elif top.tag == "code" and self.merge_into_pre(entity, top):
            return
        self.entities.append(entity)

    def merge_into_pre(self, entity: dict[str, Any], top: _Open) -> bool:
        """<pre><code class="language-x"> is one pre entity with a language."""
        language = top.attrs.get("class", "")
        if not language.startswith("language-") or not self.stack:
            return False
        parent = self.stack[-1]
        if parent.tag != "pre" or parent.offset != entity["offset"]:
            return False
        parent.attrs["language"] = language.removeprefix("language-")
        return True


def parse_html(source: str) -> tuple[str, list[dict[str, Any]]]:
    """Plain text and entities for HTML ``source``; raises ApiError 400 like Telegram."""
    return _Parser(source).run()
