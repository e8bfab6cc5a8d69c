"""``shiftbot demo`` in a real browser: Debian's Chromium, driven by Playwright (no download).

One walk through the demo as a visitor would take it — register, sign up, see /my, read the
roster as the coordinator, move the clock a day and watch the reminder arrive — with a screenshot
of each step in ``artifacts/screenshots/`` (or ``$SHIFTBOT_SCREENSHOTS``) for a person to look at.
Labels are the bot's own msgids, translated, so the test presses what a Chinese user would see.
"""

from __future__ import annotations

import asyncio
import os
import re
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest

from bot.i18n import translator
from data.views import upcoming_shifts
from demo.personas import COORDINATOR, LILEI, NEWCOMER
from demo.runner import DemoServer
from tests.conftest import DEMO_START

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[1]
SHOTS = Path(os.environ.get("SHIFTBOT_SCREENSHOTS") or ROOT / "artifacts" / "screenshots")
# Tuesday 16:00 in Shanghai: the seeded 消费维权咨询 is on Thursday at 14:00, so its 24-hour
# reminder falls inside the next "+1 day".
START = DEMO_START  # the demo fixture's start (tests/conftest.py)
TITLE = "消费维权咨询"

pytestmark = [pytest.mark.browser, pytest.mark.slow]

if not CHROMIUM.exists():
    reason = f"{CHROMIUM} is missing: install Debian's chromium (.ci/install-browser)"
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true needs the browser test: {reason}", pytrace=False)
    pytest.skip(reason, allow_module_level=True)

from playwright.async_api import (  # noqa: E402 (only once the browser is known to be there)
    Browser,
    Locator,
    Page,
    async_playwright,
    expect,
)

zh = translator("zh")
# A 2×2 PNG, as a photo the bot might send.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000002000000020802000000fdd49a73"
    "0000001049444154789c63f8cfc000440c100a001fee03fd8b5f14d4"
    "0000000049454e44ae426082"
)


@pytest.fixture
async def browser() -> AsyncIterator[Browser]:
    await asyncio.to_thread(SHOTS.mkdir, parents=True, exist_ok=True)
    async with async_playwright() as playwright:
        chromium = await playwright.chromium.launch(executable_path=str(CHROMIUM))
        yield chromium
        await chromium.close()


def bot_says(page: Page, text: str) -> Locator:
    return page.locator(".msg.bot", has_text=text)


async def send(page: Page, text: str) -> None:
    await page.fill("#composer-input", text)
    await page.press("#composer-input", "Enter")


async def press(page: Page, label: str) -> None:
    """Press the inline button with this label on the newest message offering it."""
    await page.locator(".inline-kb button", has_text=label).last.click()


async def shoot(page: Page, name: str) -> None:
    await page.screenshot(path=str(SHOTS / f"{name}.png"), animations="disabled")


async def open_persona(page: Page, telegram_id: int) -> None:
    await page.click(f'[data-persona="{telegram_id}"]')
    await expect(page.locator(f'[data-persona="{telegram_id}"]')).to_have_attribute(
        "aria-current", "true"
    )


async def register(page: Page) -> None:
    """/start as the newcomer: language, Telegram name, phone through the share-contact button."""
    await send(page, "/start")
    await press(page, "中文")
    await press(page, zh("Use {name}").format(name=NEWCOMER.full_name))
    await page.locator("#reply-keyboard button", has_text=zh("📱 Share my phone number")).click()
    welcome = zh("🎉 Welcome, {name}! You are registered as a volunteer.")
    await expect(bot_says(page, welcome.format(name=NEWCOMER.full_name))).to_have_count(1)
    await expect(page.locator("#reply-keyboard")).to_be_hidden()


async def sign_up_for(page: Page, title: str) -> None:
    """/shifts, open the numbered card of ``title``, press Sign up."""
    await send(page, "/shifts")
    listing = page.locator(".msg.bot", has_text=title).last
    await expect(listing).to_be_visible()
    # Each entry starts with the shift's own number (编号 15 · …), which its button carries.
    number = re.escape(zh("No. {id}")).replace(r"\{id\}", r"(\d+)")
    found = re.search(rf"{number} ·[^\n]*\n[^\n]*{title}", await listing.inner_text())
    assert found, f"{title} is not numbered in the list: {await listing.inner_text()}"
    await listing.locator(".inline-kb button", has_text=re.compile(rf"^{found[1]}$")).click()
    before = await bot_says(page, title).count()
    await press(page, zh("✅ Sign up"))
    await expect(bot_says(page, title)).to_have_count(before + 1)


async def test_a_visitor_registers_signs_up_and_gets_the_reminder_a_day_later(
    demo: DemoServer, browser: Browser
) -> None:
    page = await browser.new_page(viewport={"width": 1280, "height": 860})
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    await page.goto(demo.url)
    await open_persona(page, NEWCOMER.telegram_id)
    await register(page)
    await shoot(page, "01-registered")

    await sign_up_for(page, TITLE)
    await shoot(page, "02-signed-up")

    before = await bot_says(page, TITLE).count()
    await send(page, "/my")
    await expect(bot_says(page, TITLE)).to_have_count(before + 1)
    await shoot(page, "03-my-shifts")
    seen_by_newcomer = before + 1

    page_of_shifts = await demo.services.store.read(
        upcoming_shifts, now=demo.clock.now(), viewer_id=None, limit=20
    )
    shift_id = next(v.shift.id for v in page_of_shifts.items if v.shift.title == TITLE)
    await open_persona(page, COORDINATOR.telegram_id)
    await send(page, f"/roster {shift_id}")
    await expect(bot_says(page, NEWCOMER.full_name).last).to_contain_text(TITLE)
    await shoot(page, "04-coordinator-roster")

    # The chat survives a reload: history comes back from the server.
    shown = await page.locator(".msg").count()
    await page.reload()
    await expect(page.locator(".msg")).to_have_count(shown)

    await page.click('[data-step="day"]')
    badge = page.locator(f'[data-persona="{NEWCOMER.telegram_id}"] .badge')
    await expect(badge).to_be_visible()
    await shoot(page, "05-a-day-later-unread-badge")
    await open_persona(page, NEWCOMER.telegram_id)
    await expect(bot_says(page, TITLE)).to_have_count(seen_by_newcomer + 1)
    await expect(bot_says(page, TITLE).last).to_contain_text("12月3日")
    await expect(badge).to_be_hidden()
    await shoot(page, "06-reminder")
    assert not errors, errors


async def test_it_fits_a_phone_screen(demo: DemoServer, browser: Browser) -> None:
    phone = await browser.new_page(
        viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True
    )
    await phone.goto(demo.url)
    await expect(phone.locator("#people")).to_be_visible()
    await shoot(phone, "07-phone-people")
    await phone.click(f'[data-persona="{NEWCOMER.telegram_id}"]')
    await expect(phone.locator("#people")).to_be_hidden()
    await send(phone, "/start")
    await press(phone, "中文")
    await press(phone, zh("Use {name}").format(name=NEWCOMER.full_name))
    await expect(phone.locator("#reply-keyboard button").first).to_be_visible()
    widths = await phone.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], f"the page scrolls sideways on a phone: {widths}"
    await shoot(phone, "08-phone-chat")
    await phone.click("#back")
    await expect(phone.locator("#people")).to_be_visible()


async def test_the_bots_formatting_files_and_photos_are_drawn_and_nothing_else_runs(
    demo: DemoServer, browser: Browser
) -> None:
    """What the bot sends in HTML is drawn as formatting; a script in it stays text."""
    html = (
        "<b>本月服务时长</b> <i>12.5 小时</i> <code>/roster 3</code> "
        '<a href="https://example.org/guide">指南</a> <a href="javascript:alert(1)">bad</a>\n'
        "<blockquote>&lt;script&gt;alert(1)&lt;/script&gt;</blockquote>"
    )
    bot = f"{demo.api.base_url}{demo.api.token}"
    async with aiohttp.ClientSession() as http:
        sent = {"chat_id": LILEI.telegram_id, "text": html, "parse_mode": "HTML"}
        async with http.post(f"{bot}/sendMessage", json=sent) as response:
            assert response.status == 200
        form = aiohttp.FormData(quote_fields=False)
        form.add_field("chat_id", str(LILEI.telegram_id))
        form.add_field("document", "姓名,时长\n李雷,12.5\n".encode(), filename="hours.csv")
        async with http.post(f"{bot}/sendDocument", data=form) as response:
            assert response.status == 200
        form = aiohttp.FormData()
        form.add_field("chat_id", str(LILEI.telegram_id))
        form.add_field("photo", PNG, filename="map.png", content_type="image/png")
        async with http.post(f"{bot}/sendPhoto", data=form) as response:
            assert response.status == 200
    page = await browser.new_page(viewport={"width": 1100, "height": 760})
    await page.goto(f"{demo.url}#{LILEI.telegram_id}")
    bubble = page.locator(".msg.bot", has_text="本月服务时长")
    await expect(bubble.locator("strong")).to_have_text("本月服务时长")
    await expect(bubble.locator("code")).to_have_text("/roster 3")
    await expect(bubble.locator('a[href="https://example.org/guide"]')).to_have_text("指南")
    await expect(bubble.locator("a", has_text="bad")).to_have_count(0)
    await expect(bubble.locator("blockquote")).to_have_text("<script>alert(1)</script>")
    assert await page.locator(".messages script").count() == 0
    await expect(page.locator("a.file[download]")).to_contain_text("hours.csv")
    photo = page.locator("img.photo")
    await expect(photo).to_be_visible()
    assert await photo.evaluate("img => img.naturalWidth") == 2
    await shoot(page, "09-formatting-files-photos")


async def test_two_tabs_show_the_same_conversation_live(demo: DemoServer, browser: Browser) -> None:
    context = await browser.new_context(viewport={"width": 1100, "height": 760})
    first, second = await context.new_page(), await context.new_page()
    for page in (first, second):
        await page.goto(f"{demo.url}#{NEWCOMER.telegram_id}")
        await expect(page.locator(".empty")).to_be_visible()
    await send(first, "/start")
    for page in (first, second):
        await expect(page.locator(".msg.me")).to_have_text(re.compile(r"^/start"))
        await expect(page.locator(".inline-kb button", has_text="English")).to_be_visible()
    await second.locator(".inline-kb button", has_text="English").click()
    name_button = translator("en")("Use {name}").format(name=NEWCOMER.full_name)
    await expect(first.locator(".inline-kb button", has_text=name_button)).to_be_visible()
    await context.close()
