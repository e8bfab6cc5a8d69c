"""签到 / 签退: the "Check in" / "Check out" buttons, /checkin, /checkout and a shared location.

Each answers with the instant recorded. Where the shift has coordinates, a check-in is followed by
a request for the volunteer's location (Telegram's own share-location button); a far location is
recorded as unverified, never refused.
"""

from __future__ import annotations

import html
from collections.abc import Awaitable, Callable
from typing import Any

from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler, MessageHandler, filters

from bot.actions import Action
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
from bot.replies import refuse, reply, show
from bot.types import Handler
from data.attendance import (
    CheckinResult,
    CheckoutResult,
    check_in,
    check_out,
)
from data.attendance_pick import check_in_here, check_in_now, check_out_now
from data.errors import DomainError


async def _ask_location(update: Update, result: CheckinResult, _: Gettext) -> None:
    if result.wants_location:
        text = _("📍 Please share your location, so I can confirm you are at {location}.")
        await reply(
            update, text.format(location=html.escape(result.shift.location)), location_keyboard(_)
        )


async def _attempt(
    update: Update, context: ShiftContext, call: Callable[[], Awaitable[Any]]
) -> Any | None:
    """Run a domain call; a refusal is told (alert for a button, message for a command)."""
    try:
        return await call()
    except DomainError as error:
        await refuse(update, context, error)
        return None


async def press_check_in(update: Update, context: ShiftContext) -> None:
    """The prompt's "Check in" button: record the time in place of the prompt."""
    args = await pressed(update, context)
    if args is None:
        return
    services, _ = context.services, context._
    result: CheckinResult | None = await _attempt(
        update,
        context,
        lambda: services.store.run(
            check_in,
            volunteer_id=context.my_id,
            shift_id=args[0],
            now=services.now(),
            policy=services.policy,
        ),
    )
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
    services, _ = context.services, context._
    result: CheckinResult | None = await _attempt(
        update,
        context,
        lambda: services.store.run(
            check_in_now, volunteer_id=context.my_id, now=services.now(), policy=services.policy
        ),
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
    services, _ = context.services, context._
    result: CheckinResult | None = await _attempt(
        update,
        context,
        lambda: services.store.run(
            check_in_here,
            volunteer_id=context.my_id,
            latitude=latitude,
            longitude=longitude,
            now=services.now(),
            policy=services.policy,
        ),
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
    args = await pressed(update, context)
    if args is None:
        return
    services, _ = context.services, context._
    result: CheckoutResult | None = await _attempt(
        update,
        context,
        lambda: services.store.run(
            check_out, volunteer_id=context.my_id, shift_id=args[0], now=services.now()
        ),
    )
    if result is None:
        return
    await query_of(update).answer(_("Checked out."))
    await show(update, checked_out_text(result, context.language, _))


async def command_check_out(update: Update, context: ShiftContext) -> None:
    """/checkout: check out of the shift checked in to."""
    services = context.services
    result: CheckoutResult | None = await _attempt(
        update,
        context,
        lambda: services.store.run(check_out_now, volunteer_id=context.my_id, now=services.now()),
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
