"""The demo page in Chromium: a toast belongs to the chat it came from, and the persona list
shows each role whole, on a desktop and on a phone. Screenshots: ``13-*.png``."""

from __future__ import annotations

import pytest

from bot.i18n import translator
from demo.personas import COORDINATOR, EMMA, LILEI
from demo.runner import DemoServer
from tests.test_demo_browser import (
    Browser,
    Page,
    browser,  # noqa: F401 (the fixture)
    expect,
    open_persona,
    press,
    send,
    shoot,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

zh, en = translator("zh"), translator("en")
DESKTOP = {"viewport": {"width": 1280, "height": 800}}
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True}


async def _skip_a_standing_date(page: Page) -> None:
    """李雷's /my offers his standing sign-up's next date off; confirming answers with a toast."""
    await send(page, "/my")
    await press(page, "⏭")
    await press(page, zh("Yes, skip it"))
    await expect(page.locator("#toast")).to_have_text(zh("Skipped."))
    await expect(page.locator("#toast")).to_be_visible()


async def _roles_are_whole(page: Page, role: str) -> None:
    """The coordinator's role reads whole inside its row: nothing cut, nothing overflowing."""
    label = page.locator(f'[data-persona="{COORDINATOR.telegram_id}"] .person-role')
    await expect(label).to_have_text(role)
    clipped = await page.evaluate(
        """() => [...document.querySelectorAll('.person-role')].filter((node) => {
             const row = node.closest('.person').getBoundingClientRect();
             const box = node.getBoundingClientRect();
             return node.scrollWidth > node.clientWidth || box.right > row.right + 0.5;
           }).map((node) => node.textContent)"""
    )
    assert clipped == [], f"roles cut or overflowing: {clipped}"


async def test_on_a_desktop_a_toast_stays_with_its_chat(demo: DemoServer, browser: Browser) -> None:  # noqa: F811
    page = await browser.new_page(**DESKTOP)
    await page.goto(demo.url)
    await _roles_are_whole(page, zh("Coordinator and admin"))
    await open_persona(page, LILEI.telegram_id)
    await _skip_a_standing_date(page)
    await shoot(page, "13-toast-desktop")
    assert await page.locator("#toast").is_visible()  # still up when we switch

    await open_persona(page, EMMA.telegram_id)

    assert await page.locator("#toast").is_hidden()  # at once, not when its timer runs out
    await shoot(page, "13-other-chat-no-toast-desktop")
    await page.click("#lang-toggle")
    await _roles_are_whole(page, en("Coordinator and admin"))
    await shoot(page, "13-persona-list-desktop-en")


async def test_on_a_phone_a_toast_stays_with_its_chat_and_roles_read_whole(
    demo: DemoServer,
    browser: Browser,  # noqa: F811
) -> None:
    phone = await browser.new_page(**PHONE)
    await phone.goto(demo.url)
    await _roles_are_whole(phone, zh("Coordinator and admin"))
    await shoot(phone, "13-persona-list-phone")
    await phone.click("#lang-toggle")
    await _roles_are_whole(phone, en("Coordinator and admin"))
    await shoot(phone, "13-persona-list-phone-en")
    await phone.click("#lang-toggle")
    await phone.click(f'[data-persona="{LILEI.telegram_id}"]')
    await _skip_a_standing_date(phone)
    await shoot(phone, "13-toast-phone")
    assert await phone.locator("#toast").is_visible()  # still up when we go back

    await phone.click("#back")

    assert await phone.locator("#toast").is_hidden()  # at once, not when its timer runs out
    await phone.click(f'[data-persona="{EMMA.telegram_id}"]')
    assert await phone.locator("#toast").is_hidden()
    await shoot(phone, "13-other-chat-no-toast-phone")
