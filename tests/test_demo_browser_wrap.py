"""The demo page on a phone: dates and time ranges in a bubble wrap as whole words — a line
breaks at a space, never inside ``2026-12-05`` or ``09:00–11:00``. Screenshot: ``13-texts-*``."""

from __future__ import annotations

import pytest

from demo.personas import COORDINATOR
from demo.runner import DemoServer
from tests.test_demo_browser import (
    Browser,
    browser,  # noqa: F401 (the fixture)
    expect,
    open_persona,
    send,
    shoot,
)
from tests.test_demo_browser_toast import PHONE

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ONE_LINER = "/newshift 2026-12-05 09:00-11:00 | 文明交通劝导 | 民主路口 | 6"


async def test_dates_and_time_ranges_stay_on_one_line(
    demo: DemoServer,
    browser: Browser,  # noqa: F811
) -> None:
    page = await browser.new_page(**PHONE)
    await page.goto(demo.url)
    await open_persona(page, COORDINATOR.telegram_id)
    await send(page, ONE_LINER)
    card = page.locator(".msg.bot", has_text="12月5日").last
    await expect(card.locator(".nobr", has_text="09:00–11:00")).to_have_count(1)
    mine = page.locator(".msg.me", has_text="/newshift").last
    await expect(mine.locator(".nobr")).to_have_text(["2026-12-05", "09:00-11:00"])
    # One box per word: a token split over two lines would draw two.
    boxes = await page.locator(".bubble .nobr").evaluate_all(
        "spans => spans.map(s => s.getClientRects().length)"
    )
    assert boxes and all(n == 1 for n in boxes), boxes
    widths = await page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], f"the page scrolls sideways on a phone: {widths}"
    await shoot(page, "13-texts-one-liner")
