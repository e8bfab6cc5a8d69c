"""The volunteer's buttons: registration, main menu, shift list and card, /my, settings.

Their actions are declared in ``bot/actions.py``; every press is re-checked against the database
by its handler.
"""

from __future__ import annotations

from datetime import datetime

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
)

from bot.actions import Action, encode
from bot.i18n import LANGUAGES, N_, Gettext
from data.booking import can_cancel
from data.models import SignupStatus
from data.views import Page, ShiftView

LANGUAGE_NAMES = {"zh": "中文", "en": "English"}

# Main menu entries (``Action.MENU``'s argument, below its bound).
MENU_SHIFTS, MENU_MINE, MENU_SETTINGS = 0, 1, 2

# Where a cancellation was asked from, so "Keep it" and "Yes" return there (``Action.ASK_CANCEL``).
FROM_CARD, FROM_MINE = 0, 1

# Settings entries (``Action.SETTING``'s first argument).
SET_LANGUAGE, SET_REMINDERS = 0, 1


def _button(text: str, action: Action, *args: int) -> InlineKeyboardButton:
    return InlineKeyboardButton(text, callback_data=encode(action, *args))


def language_choice() -> InlineKeyboardMarkup:
    """中文 / English, each written in its own language (the first step of /start)."""
    row = [
        _button(LANGUAGE_NAMES[code], Action.CHOOSE_LANGUAGE, i) for i, code in enumerate(LANGUAGES)
    ]
    return InlineKeyboardMarkup([row])


def use_name(name: str, _: Gettext) -> InlineKeyboardMarkup:
    """One tap to keep the name Telegram gave us (button text is not HTML: no escaping)."""
    return InlineKeyboardMarkup(
        [[_button(_("Use {name}").format(name=name), Action.USE_TELEGRAM_NAME)]]
    )


def share_phone(_: Gettext) -> ReplyKeyboardMarkup:
    """Telegram's own share-contact button, and a way to say no."""
    return ReplyKeyboardMarkup(
        [
            [KeyboardButton(_("📱 Share my phone number"), request_contact=True)],
            [KeyboardButton(_("Skip"))],
        ],
        resize_keyboard=True,
        one_time_keyboard=True,
    )


# The reply-keyboard answers of /settings' phone step, besides Telegram's share-contact button.
REMOVE_PHONE, KEEP_PHONE = N_("🗑 Remove my number"), N_("Keep it as it is")


def phone_choice(has_phone: bool, _: Gettext) -> ReplyKeyboardMarkup:
    """Share again (Telegram's contact button), remove the stored number, or leave it."""
    rows = [[KeyboardButton(_("📱 Share my phone number"), request_contact=True)]]
    if has_phone:
        rows.append([KeyboardButton(_(REMOVE_PHONE))])
    rows.append([KeyboardButton(_(KEEP_PHONE))])
    return ReplyKeyboardMarkup(rows, resize_keyboard=True, one_time_keyboard=True)


def main_menu(_: Gettext) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [_button(_("📋 Open shifts"), Action.MENU, MENU_SHIFTS)],
            [_button(_("🗓 My shifts"), Action.MENU, MENU_MINE)],
            [_button(_("⚙️ Settings"), Action.MENU, MENU_SETTINGS)],
        ]
    )


def shift_page(page: Page, limit: int) -> InlineKeyboardMarkup | None:
    """A button per shift with its own number (opens its card), then ‹ › for other pages."""
    rows: list[list[InlineKeyboardButton]] = []
    numbers = [
        _button(str(_id(view)), Action.SHIFT_CARD, _id(view), page.offset) for view in page.items
    ]
    if numbers:
        rows.append(numbers)
    nav = []
    if page.offset > 0:
        nav.append(_button("‹", Action.SHIFT_PAGE, max(page.offset - limit, 0)))
    if page.offset + limit < page.total:
        nav.append(_button("›", Action.SHIFT_PAGE, page.offset + limit))
    if nav:
        rows.append(nav)
    return InlineKeyboardMarkup(rows) if rows else None


def card_actions(view: ShiftView, bookable: bool, offset: int, _: Gettext) -> InlineKeyboardMarkup:
    """Sign up / Join waitlist / Cancel my place — whichever applies — and Back to the list."""
    shift_id = _id(view)
    rows = []
    if bookable and view.my_status == SignupStatus.CONFIRMED:
        rows.append(
            [_button(_("❌ Cancel my place"), Action.ASK_CANCEL, shift_id, FROM_CARD, offset)]
        )
    elif bookable and view.my_status == SignupStatus.WAITLISTED:
        rows.append(
            [_button(_("❌ Leave the waitlist"), Action.ASK_CANCEL, shift_id, FROM_CARD, offset)]
        )
    elif bookable and view.full:
        rows.append([_button(_("⏳ Join waitlist"), Action.JOIN_WAITLIST, shift_id, offset)])
    elif bookable:
        rows.append([_button(_("✅ Sign up"), Action.SIGN_UP, shift_id, offset)])
    rows.append([_button(_("‹ Back"), Action.SHIFT_PAGE, offset)])
    return InlineKeyboardMarkup(rows)


def confirm_cancel(shift_id: int, origin: int, offset: int, _: Gettext) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                _button(_("Yes, cancel"), Action.CANCEL_PLACE, shift_id, origin, offset),
                _button(_("Keep it"), Action.KEEP_PLACE, shift_id, origin, offset),
            ]
        ]
    )


def my_places(views: list[ShiftView], now: datetime, _: Gettext) -> InlineKeyboardMarkup | None:
    """A cancel button per place not yet started, numbered like the list above it."""
    rows = [
        [
            _button(
                _("❌ Cancel {number}").format(number=i), Action.ASK_CANCEL, _id(view), FROM_MINE, 0
            )
        ]
        for i, view in enumerate(views, start=1)
        if can_cancel(view.shift, view.my_status, now)
    ]
    return InlineKeyboardMarkup(rows) if rows else None


def settings(language: str, reminders_on: bool, _: Gettext) -> InlineKeyboardMarkup:
    languages = [
        _button(
            f"✓ {LANGUAGE_NAMES[code]}" if code == language else LANGUAGE_NAMES[code],
            Action.SETTING,
            SET_LANGUAGE,
            index,
        )
        for index, code in enumerate(LANGUAGES)
    ]
    toggle = (
        _button(_("🔕 Turn reminders off"), Action.SETTING, SET_REMINDERS, 0)
        if reminders_on
        else _button(_("🔔 Turn reminders on"), Action.SETTING, SET_REMINDERS, 1)
    )
    profile = [
        _button(_("✏️ Change my name"), Action.ASK_NAME),
        _button(_("📱 My phone number"), Action.ASK_PHONE),
    ]
    return InlineKeyboardMarkup([languages, [toggle], profile])


def _id(view: ShiftView) -> int:
    assert view.shift.id is not None
    return view.shift.id
