"""Steps the new-shift wizard and the edit conversation share: day, time range and capacity.

Each step offers buttons for the common answers and accepts a typed one; both paths end in the
same check, so a press and a typed value are refused for the same reasons.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, MessageHandler, filters

from bot.actions import Action, encode
from bot.context import ShiftContext
from bot.handlers.presses import read_press
from bot.handlers.staff.guard import Callback
from bot.parsing import parse_capacity, parse_date, parse_time_range
from bot.replies import reply
from bot.views.shift_text import date_label
from data.errors import InvalidInput
from data.localtime import at_local, local_date
from data.shifts import validate_capacity, validate_times

DAYS_OFFERED = 7
# Common duty slots (minutes after midnight): morning and afternoon rush hours, evening markets.
SLOTS = ((480, 600), (540, 660), (600, 720), (840, 960), (900, 1020), (1140, 1260))
CAPACITIES = (2, 4, 6, 10)
TEXT = filters.TEXT & ~filters.COMMAND


def pressed_or_typed(step: Callback, action: Action) -> list[BaseHandler[Update, Any, Any]]:
    """A step's handlers: one of its buttons (``action``), or typed text."""
    return [CallbackQueryHandler(step, pattern=action.pattern), MessageHandler(TEXT, step)]


def rows(buttons: Sequence[InlineKeyboardButton], width: int) -> list[list[InlineKeyboardButton]]:
    return [list(buttons[i : i + width]) for i in range(0, len(buttons), width)]


def typed(update: Update) -> str:
    message = update.effective_message
    return message.text or "" if message is not None else ""


def zone(context: ShiftContext) -> str:
    """New and edited shifts are in the coordinator's zone: the configured one."""
    return context.services.settings.timezone


def day_keyboard(action: Action, context: ShiftContext) -> InlineKeyboardMarkup:
    """Today, tomorrow and the days after, two to a row."""
    _, tz = context._, zone(context)
    today = local_date(context.services.now(), tz)
    buttons = []
    for offset in range(DAYS_OFFERED):
        day = today + timedelta(days=offset)
        label = date_label(day, context.language)
        if offset == 0:
            label = _("Today · {day}").format(day=label)
        elif offset == 1:
            label = _("Tomorrow · {day}").format(day=label)
        buttons.append(InlineKeyboardButton(label, callback_data=encode(action, day.toordinal())))
    return InlineKeyboardMarkup(rows(buttons, 2))


def slot_keyboard(action: Action, day: date, context: ShiftContext) -> InlineKeyboardMarkup | None:
    """Common time slots that are still ahead on ``day``; None when none are."""
    now, tz = context.services.now(), zone(context)
    buttons = [
        InlineKeyboardButton(f"{_hhmm(s)}–{_hhmm(e)}", callback_data=encode(action, s, e))
        for s, e in SLOTS
        if at_local(day, _at(s), tz) > now
    ]
    return InlineKeyboardMarkup(rows(buttons, 3)) if buttons else None


def capacity_keyboard(action: Action) -> InlineKeyboardMarkup:
    buttons = [InlineKeyboardButton(str(n), callback_data=encode(action, n)) for n in CAPACITIES]
    return InlineKeyboardMarkup([buttons])


def read_day(update: Update, context: ShiftContext) -> date:
    """The day pressed or typed; a day already over is refused."""
    tz = zone(context)
    today = local_date(context.services.now(), tz)
    if update.callback_query is not None:
        day = _day_from_ordinal(read_press(update)[0])
    else:
        day = parse_date(typed(update), today=today)
    if day < today:
        raise InvalidInput(field="start", reason="past")
    return day


def read_times(update: Update, context: ShiftContext, day: date) -> tuple[datetime, datetime]:
    """The range pressed or typed on ``day``, as UTC instants; past or reversed is refused."""
    if update.callback_query is not None:
        start_minute, end_minute = read_press(update)
        start, end = _at(start_minute), _at(end_minute)
    else:
        start, end = parse_time_range(typed(update))
    tz = zone(context)
    starts_at, ends_at = at_local(day, start, tz), at_local(day, end, tz)
    validate_times(starts_at, ends_at, context.services.now())
    return starts_at, ends_at


def read_capacity(update: Update) -> int:
    if update.callback_query is not None:
        return validate_capacity(read_press(update)[0])
    return validate_capacity(parse_capacity(typed(update)))


def _day_from_ordinal(ordinal: int) -> date:
    try:
        return date.fromordinal(ordinal)
    except (ValueError, OverflowError):
        raise InvalidInput(field="date", reason="format", text=str(ordinal)) from None


def _at(minute: int) -> time:
    if not 0 <= minute < 24 * 60:
        raise InvalidInput(field="time", reason="format", text=str(minute))
    return time(minute // 60, minute % 60)


def _hhmm(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


def day_text(day: date, context: ShiftContext) -> str:
    """``12月5日 周六`` / ``Sat 5 Dec``."""
    return date_label(day, context.language)


async def ask_day(update: Update, context: ShiftContext, action: Action, heading: str = "") -> None:
    prompt = context._("Which day? Tap one, or send a date such as 2026-12-05.")
    await reply(update, heading + prompt, day_keyboard(action, context))


async def ask_time(
    update: Update, context: ShiftContext, action: Action, day: date, heading: str = ""
) -> None:
    prompt = context._("What time? Tap a slot, or send a range such as 09:00-11:00.")
    await reply(update, heading + prompt, slot_keyboard(action, day, context))


async def ask_capacity(
    update: Update, context: ShiftContext, action: Action, heading: str = ""
) -> None:
    prompt = context._("How many volunteers are needed? Tap a number, or send one from 1 to 1000.")
    await reply(update, heading + prompt, capacity_keyboard(action))
