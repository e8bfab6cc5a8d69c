"""What check-in and check-out answers say (their refusals are in ``bot/refusals/attendance.py``)."""

from __future__ import annotations

from telegram import KeyboardButton, ReplyKeyboardMarkup

from bot.i18n import Gettext
from bot.notices.attendance import clock_time
from bot.views.shift_text import shift_details
from data.attendance import (
    LOCATION_WINDOW,
    CheckinResult,
    CheckoutResult,
    distance_m,
)


def checked_in_text(result: CheckinResult, language: str, _: Gettext) -> str:
    """The recorded time, what became of a shared location, and the shift."""
    shift, record = result.shift, result.attendance
    assert record.checked_in_at is not None
    time = clock_time(record.checked_in_at, shift.tz)
    if not result.already:
        head = _("✅ Checked in at {time}.")
    elif result.located:
        head = _("📍 Location added to your check-in at {time}.")
    else:
        head = _("You already checked in at {time}.")
    lines = [head.format(time=time)]
    if result.located and record.location_verified is True:
        lines.append(_("📍 Location confirmed: you are at the place."))
    elif result.located and record.location_verified is False:
        assert shift.latitude is not None and shift.longitude is not None
        assert record.checkin_latitude is not None and record.checkin_longitude is not None
        far = distance_m(
            shift.latitude, shift.longitude, record.checkin_latitude, record.checkin_longitude
        )
        lines.append(
            _(
                "📍 You are about {distance} m from the place, so this check-in is marked unverified. It still counts; your coordinator will see it."
            ).format(distance=f"{far:,.0f}")
        )
    return "\n".join([*lines, "", shift_details(shift, language, _)])


def location_keyboard(_: Gettext) -> ReplyKeyboardMarkup:
    """Telegram's own share-location button (a reply keyboard; inline buttons cannot ask)."""
    return ReplyKeyboardMarkup(
        [[KeyboardButton(_("📍 Share my location"), request_location=True)]],
        resize_keyboard=True,
        one_time_keyboard=True,
    )


def checked_out_text(result: CheckoutResult, language: str, _: Gettext) -> str:
    record = result.attendance
    assert record.checked_out_at is not None
    time = clock_time(record.checked_out_at, result.shift.tz)
    head = (
        _("You already checked out at {time}.")
        if result.already
        else _("👋 Checked out at {time}. Thank you for your service!")
    )
    return "\n\n".join([head.format(time=time), shift_details(result.shift, language, _)])


def located_too_late(result: CheckinResult, _: Gettext) -> str:
    if result.attendance.checkin_latitude is not None:
        return _("Your location for this check-in was already recorded; it stays as it was.")
    minutes = int(LOCATION_WINDOW.total_seconds() // 60)
    return _.ngettext(
        "A location only counts within {minutes} minute of checking in, so this one was not recorded.",
        "A location only counts within {minutes} minutes of checking in, so this one was not recorded.",
        minutes,
    ).format(minutes=minutes)
