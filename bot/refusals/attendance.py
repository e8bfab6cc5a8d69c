"""Refusals about checking in and out, and about correcting an attendance record."""

from __future__ import annotations

import html
from datetime import datetime

from bot.i18n import N_, Gettext
from bot.notices.attendance import clock_time
from bot.refusals.wording import Entry, Key
from bot.views.shift_text import day_label, shift_when
from data.errors import DomainError
from data.models import Shift


def _opens(shift: Shift, instant: datetime, language: str) -> str:
    return html.escape(f"{day_label(instant, shift.tz, language)} {clock_time(instant, shift.tz)}")


def _title(error: DomainError) -> str:
    return html.escape(error.params["shift"].title)


def _not_open(error: DomainError, _: Gettext, language: str) -> str:
    opens = _opens(error.params["shift"], error.params["opens_at"], language)
    return _("Check-in for {title} opens at {opens}.").format(title=_title(error), opens=opens)


def _closed(error: DomainError, _: Gettext, language: str) -> str:
    return _("{title} has ended, so check-in is closed.").format(title=_title(error))


def _none_open(error: DomainError, _: Gettext, language: str) -> str:
    upcoming = error.params["next_shift"]
    if upcoming is None:
        return _("You have no shift to check in to. /shifts lists the open ones.")
    return _(
        "No check-in is open for you right now. Your next shift is {title}, {when}; check-in opens at {opens}."
    ).format(
        title=html.escape(upcoming.title),
        when=html.escape(shift_when(upcoming, language)),
        opens=_opens(upcoming, error.params["opens_at"], language),
    )


def _not_checked_in(error: DomainError, _: Gettext, language: str) -> str:
    if error.params.get("shift") is None:
        return _("You are not checked in at any shift right now.")
    return _("You have not checked in to {title}, so there is nothing to check out of.").format(
        title=_title(error)
    )


def _attendance_closed(error: DomainError, _: Gettext, language: str) -> str:
    return _(
        "Attendance for {title} is already closed. If your record is wrong, ask your coordinator to correct it."
    ).format(title=_title(error))


_MINUTES = N_("Send a whole number of minutes from {low} to {high}.")

WORDS: dict[Key, Entry] = {
    ("checkin_not_open",): _not_open,
    ("checkin_closed",): _closed,
    ("no_checkin_open",): _none_open,
    ("not_checked_in",): _not_checked_in,
    ("attendance_closed",): _attendance_closed,
    ("attendance_open",): N_(
        "This record is not closed yet; it can be corrected once attendance closes."
    ),
    ("not_found", "attendance"): N_("That attendance record no longer exists."),
    ("invalid_input", "minutes", "range"): _MINUTES,
    ("invalid_input", "minutes", "format"): _MINUTES,
    ("invalid_input", "minutes", "not_served"): N_(
        "An absent or excused volunteer is credited no minutes. Mark them present first."
    ),
    ("invalid_input", "reason", "empty"): N_(
        "The reason is empty. Send a short reason, e.g. forgot to check in, confirmed on site."
    ),
    ("invalid_input", "reason", "too_long"): N_(
        "The reason is {length} characters long; the limit is {limit}. Send a shorter one."
    ),
    ("invalid_input", "correction", "unchanged"): N_(
        "The record already says that; nothing was changed."
    ),
    ("invalid_input", "status", "unknown"): N_("That status cannot be chosen."),
}
