"""HTML parse mode is checked as strictly as Telegram checks it."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from telegram.error import BadRequest
from telegram.ext import ExtBot

from demo.botapi import FakeBotAPI
from demo.botapi.html_check import parse_html
from tests.fake_botapi import bot_for, running
from tests.personas import LILEI


@pytest.fixture
async def api() -> AsyncIterator[FakeBotAPI]:
    async with running() as fake:
        fake.add_user(LILEI.telegram_id, LILEI.first_name)
        yield fake


@pytest.fixture
async def bot(api: FakeBotAPI) -> AsyncIterator[ExtBot[None]]:
    async with bot_for(api) as connected:
        yield connected


async def send(bot: ExtBot[None], html: str) -> str:
    message = await bot.send_message(LILEI.telegram_id, html, parse_mode="HTML")
    return message.text or ""


@pytest.mark.parametrize(
    ("html", "error"),
    [
        # byte offsets, not characters: 志愿 is 6 bytes of UTF-8
        ("志愿<foo>x</foo>", 'Unsupported start tag "foo" at byte offset 6'),
        ("<b>周六", 'Can\'t find end tag corresponding to start tag "b"'),
        ("<b><i>x</b></i>", 'Unmatched end tag at byte offset 7, expected "</i>", found "</b>"'),
        ("x</b>", "Unexpected end tag at byte offset 1"),
        ("a < b", 'Unsupported start tag "" at byte offset 2'),
        ("<b", "Unclosed start tag at byte offset 0"),
        ("清扫 & 宣传", 'Bare "&" at byte offset 7'),
        ("&nbsp;", 'Bare "&" at byte offset 0'),
        ('<span class="x">s</span>', 'Tag "span" must have class "tg-spoiler"'),
    ],
)
async def test_malformed_html_is_refused_with_telegrams_reason(
    api: FakeBotAPI, bot: ExtBot[None], html: str, error: str
) -> None:
    with pytest.raises(BadRequest, match="an't parse entities"):
        await send(bot, html)
    # PTB re-capitalises the text; the fake's record keeps Telegram's exact words.
    description = api.requests[-1].description or ""
    assert description.startswith("Bad Request: can't parse entities: ")
    assert error in description


async def test_escaped_text_and_numeric_references_are_decoded(bot: ExtBot[None]) -> None:
    assert (
        await send(bot, "&lt;李雷&gt; &quot;A&amp;B&quot; &#20316;&#x4E1A;") == '<李雷> "A&B" 作业'
    )


async def test_every_telegram_tag_is_accepted(api: FakeBotAPI, bot: ExtBot[None]) -> None:
    html = (
        "<b>b</b><strong>s</strong><i>i</i><em>e</em><u>u</u><ins>n</ins><s>s</s>"
        "<strike>k</strike><del>d</del><tg-spoiler>p</tg-spoiler>"
        '<span class="tg-spoiler">q</span><a href="https://example.org/?a=1&amp;b=2">a</a>'
        '<code>c</code><pre><code class="language-python">x</code></pre>'
        "<blockquote expandable>z</blockquote>"
    )
    await send(bot, html)

    entities = api.chat(LILEI.telegram_id).last_bot_message().entities
    kinds = [e["type"] for e in entities]
    assert kinds.count("bold") == 2 and kinds.count("strikethrough") == 3
    assert {"type": "pre", "offset": 13, "length": 1, "language": "python"} in entities
    assert {
        "type": "text_link",
        "offset": 11,
        "length": 1,
        "url": "https://example.org/?a=1&b=2",
    } in entities
    assert "expandable_blockquote" in kinds


def test_entity_offsets_are_in_utf16_units() -> None:
    text, entities = parse_html("🙂<b>志</b>")

    assert text == "🙂志"
    assert entities == [{"type": "bold", "offset": 2, "length": 1}]
