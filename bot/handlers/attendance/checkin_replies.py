"""What check-in and check-out answers say, and how attendance refusals read."""

from __future__ import annotations

import html
from datetime import datetime

from telegram import KeyboardButton, ReplyKeyboardMarkup

from bot.i18n import Gettext
from bot.notices.attendance import clock_time
from bot.views.shift_text import day_label, shift_details, shift_when
from data.attendance import (
    LOCATION_WINDOW,
    AttendanceClosed,
    CheckinClosed,
    CheckinNotOpen,
    CheckinResult,
    CheckoutResult,
    NoCheckinOpen,
    NotCheckedIn,
    distance_m,
)
from data.errors import DomainError
from data.models import Shift


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


def explain(error: DomainError, language: str, _: Gettext) -> str | None:
    """Our own refusals as sentences; None for the shared ones ``bot.explain`` knows."""
    if isinstance(error, CheckinNotOpen):
        return _("Check-in for {title} opens at {opens}.").format(
            title=html.escape(error.params["shift"].title),
            opens=html.escape(_opens(error.params["shift"], error.params["opens_at"], language)),
        )
    if isinstance(error, CheckinClosed):
        return _("{title} has ended, so check-in is closed.").format(
            title=html.escape(error.params["shift"].title)
        )
    if isinstance(error, NoCheckinOpen):
        upcoming = error.params["next_shift"]
        if upcoming is None:
            return _("You have no shift to check in to. /shifts lists the open ones.")
        return _(
            "No check-in is open for you right now. Your next shift is {title}, {when}; check-in opens at {opens}."
        ).format(
            title=html.escape(upcoming.title),
            when=html.escape(shift_when(upcoming, language)),
            opens=html.escape(_opens(upcoming, error.params["opens_at"], language)),
        )
    if isinstance(error, NotCheckedIn):
        shift = error.params.get("shift")
        if shift is None:
            return _("You are not checked in at any shift right now.")
        return _("You have not checked in to {title}, so there is nothing to check out of.").format(
            title=html.escape(shift.title)
        )
    if isinstance(error, AttendanceClosed):
        return _(
            "Attendance for {title} is already closed. If your record is wrong, ask your coordinator to correct it."
        ).format(title=html.escape(error.params["shift"].title))
    return None


def _opens(shift: Shift, instant: datetime, language: str) -> str:
    return f"{day_label(instant, shift.tz, language)} {clock_time(instant, shift.tz)}"


def located_too_late(result: CheckinResult, _: Gettext) -> str:
    if result.attendance.checkin_latitude is not None:
        return _("Your location for this check-in was already recorded; it stays as it was.")
    minutes = int(LOCATION_WINDOW.total_seconds() // 60)
    return _.ngettext(
        "A location only counts within {minutes} minute of checking in, so this one was not recorded.",
        "A location only counts within {minutes} minutes of checking in, so this one was not recorded.",
        minutes,
    ).format(minutes=minutes)
