"""签到 / 签退: the "Check in" / "Check out" buttons, /checkin, /checkout and a shared location.

Each answers with the instant recorded. Where the shift has coordinates, a check-in is followed by
a request for the volunteer's location (Telegram's own share-location button); a far location is
recorded as unverified, never refused.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler, MessageHandler, filters

from bot.actions import Action
from bot.attempt import attempt
from bot.context import ShiftContext
from bot.handlers.attendance.checkin_replies import (
    checked_in_text,
    checked_out_text,
    located_too_late,
    location_keyboard,
)
from bot.handlers.presses import pressed, query_of
from bot.i18n import Gettext
from bot.notices.attendance import checkout_button
from bot.replies import reply, show
from bot.types import Handler
from data.attendance import (
    CheckinResult,
    CheckoutResult,
    check_in,
    check_out,
)
from data.attendance_pick import check_in_here, check_in_now, check_out_now


async def _ask_location(update: Update, result: CheckinResult, _: Gettext) -> None:
    if result.wants_location:
        text = _("📍 Please share your location, so I can confirm you are at {location}.")
        await reply(
            update, text.format(location=html.escape(result.shift.location)), location_keyboard(_)
        )


async def _for_pressed_shift(
    update: Update, context: ShiftContext, operation: Callable[..., Any]
) -> Any | None:
    """``operation`` as the presser, for the shift whose button was pressed; None if refused."""
    args = await pressed(update, context)
    if args is None:
        return None
    return await attempt(update, context, operation, volunteer_id=context.my_id, shift_id=args[0])


async def press_check_in(update: Update, context: ShiftContext) -> None:
    """The prompt's "Check in" button: record the time in place of the prompt."""
    _ = context._
    result: CheckinResult | None = await _for_pressed_shift(update, context, check_in)
    if result is None:
        return
    await query_of(update).answer(_("Checked in."))
    assert result.shift.id is not None
    await show(
        update, checked_in_text(result, context.language, _), checkout_button(result.shift.id, _)
    )
    await _ask_location(update, result, _)


async def command_check_in(update: Update, context: ShiftContext) -> None:
    """/checkin: check in at the shift whose check-in is open now."""
    _ = context._
    result: CheckinResult | None = await attempt(
        update, context, check_in_now, volunteer_id=context.my_id
    )
    if result is None:
        return
    assert result.shift.id is not None
    await reply(
        update, checked_in_text(result, context.language, _), checkout_button(result.shift.id, _)
    )
    await _ask_location(update, result, _)


async def share_location(update: Update, context: ShiftContext) -> None:
    """A shared location: check in with it, or confirm the place of a check-in just made."""
    message = update.effective_message
    assert message is not None and message.location is not None
    latitude, longitude = message.location.latitude, message.location.longitude
    _ = context._
    result: CheckinResult | None = await attempt(
        update,
        context,
        check_in_here,
        volunteer_id=context.my_id,
        latitude=latitude,
        longitude=longitude,
    )
    if result is None:
        return
    text = checked_in_text(result, context.language, _)
    if not result.located:
        text = located_too_late(result, _) + "\n\n" + text
    assert result.shift.id is not None
    await reply(update, text, checkout_button(result.shift.id, _))


async def press_check_out(update: Update, context: ShiftContext) -> None:
    """The "Check out" button: record the time of leaving."""
    _ = context._
    result: CheckoutResult | None = await _for_pressed_shift(update, context, check_out)
    if result is None:
        return
    await query_of(update).answer(_("Checked out."))
    await show(update, checked_out_text(result, context.language, _))


async def command_check_out(update: Update, context: ShiftContext) -> None:
    """/checkout: check out of the shift checked in to."""
    result: CheckoutResult | None = await attempt(
        update, context, check_out_now, volunteer_id=context.my_id
    )
    if result is not None:
        await reply(update, checked_out_text(result, context.language, context._))


def handlers() -> list[Handler]:
    # New location messages only: a live location's later edits are not new check-ins.
    location = filters.UpdateType.MESSAGE & filters.ChatType.PRIVATE & filters.LOCATION
    return [
        CommandHandler("checkin", command_check_in),
        CommandHandler("checkout", command_check_out),
        CallbackQueryHandler(press_check_in, pattern=Action.CHECK_IN.pattern),
        CallbackQueryHandler(press_check_out, pattern=Action.CHECK_OUT.pattern),
        MessageHandler(location, share_location),
    ]
