"""Refusals about shifts, sign-ups, roles and what a command was sent with."""

from __future__ import annotations

from html import escape

from bot.i18n import N_, Gettext
from bot.refusals.wording import Entry, Key, fill
from bot.views.shift_text import shift_when
from data.errors import DomainError


def _capacity_below(error: DomainError, _: Gettext, language: str) -> str:
    confirmed = int(error.params["confirmed"])
    return _.ngettext(
        "{confirmed} volunteer is already confirmed, so the number of places cannot be less than {confirmed}.",
        "{confirmed} volunteers are already confirmed, so the number of places cannot be less than {confirmed}.",
        confirmed,
    ).format(confirmed=confirmed)


def _overlap(error: DomainError, _: Gettext, language: str) -> str:
    clash = error.params["clash"]
    return fill(
        N_(
            "This shift overlaps another of yours: {clash_title}, {clash_when}. Cancel that one first if you want this one."
        ),
        error,
        _,
        clash_title=escape(clash.title),
        clash_when=escape(shift_when(clash, language)),
    )


WORDS: dict[Key, Entry] = {
    ("invalid_input",): N_("That input was not valid. Send /help to see the accepted forms."),
    ("invalid_input", "title", "empty"): N_(
        "The title is empty. Send a short title, e.g. Traffic civility duty."
    ),
    ("invalid_input", "title", "too_long"): N_(
        "The title is {length} characters long; the limit is {limit}. Send a shorter title."
    ),
    ("invalid_input", "location", "empty"): N_(
        "The location is empty. Send where volunteers meet, e.g. Minzhu Rd crossing."
    ),
    ("invalid_input", "location", "too_long"): N_(
        "The location is {length} characters long; the limit is {limit}. Send a shorter location."
    ),
    ("invalid_input", "capacity", "range"): N_(
        "The number of volunteers must be a whole number from {low} to {high}."
    ),
    ("invalid_input", "capacity", "format"): N_(
        "The number of volunteers must be a whole number from 1 to 1000, e.g. 6."
    ),
    ("invalid_input", "start", "past"): N_(
        "That time has already passed. Send a date and time in the future."
    ),
    ("invalid_input", "end", "before_start"): N_(
        "The end time must be after the start time, e.g. 09:00-11:00."
    ),
    ("invalid_input", "date", "format"): N_(
        "I could not read the date “{text}”. Send it as 2026-12-05, or today / tomorrow / 今天 / 明天."
    ),
    ("invalid_input", "date", "impossible"): N_(
        "“{text}” is not a real date. Check the month and day."
    ),
    ("invalid_input", "time", "format"): N_(
        "I could not read the time “{text}”. Send a 24-hour range such as 09:00-11:00."
    ),
    ("invalid_input", "fields", "missing"): N_(
        "Some parts are missing. Send: date time-range | title | location | number of volunteers, e.g.\n<code>/newshift 2026-12-05 09:00-11:00 | Traffic civility duty | Minzhu Rd crossing | 6</code>"
    ),
    ("invalid_input", "fields", "too_many"): N_(
        "There are too many | separators. Send: date time-range | title | location | number of volunteers, e.g.\n<code>/newshift 2026-12-05 09:00-11:00 | Traffic civility duty | Minzhu Rd crossing | 6</code>"
    ),
    ("invalid_input", "shift_id", "format"): N_(
        "Send the shift number as digits, e.g. /roster 12."
    ),
    ("invalid_input", "shift_id", "digits"): N_(
        "Send the shift number as digits after the command, e.g. <code>/{command} 12</code>. Each shift's card shows its number."
    ),
    ("not_allowed",): N_(
        "Sorry, only coordinators can do that. Ask an admin if you should be one."
    ),
    ("not_allowed", "admin"): N_("Sorry, only admins can do that."),
    ("not_registered",): N_("Please register first: send /start."),
    ("not_found",): N_("There is no shift No. {ref}. /shifts lists the open ones."),
    ("not_found", "shift"): N_("There is no shift No. {ref}. /shifts lists the open ones."),
    ("not_found", "volunteer"): N_(
        "No registered volunteer matches {ref}. They must send /start to the bot first."
    ),
    ("not_found", "series"): N_("There is no regular shift R{ref}. /series lists them."),
    ("shift_cancelled",): N_("This shift has been cancelled."),
    ("shift_started",): N_("This shift has already started, so sign-ups and changes are closed."),
    ("shift_started", "ended"): N_("This shift has already ended, so it can no longer be changed."),
    ("shift_full",): N_("This shift has just filled up. You can join the waitlist instead."),
    ("already_signed_up",): N_("You are already on this shift."),
    ("not_signed_up",): N_("You are not signed up for this shift."),
    ("overlap",): _overlap,
    ("capacity_below_confirmed",): _capacity_below,
}
