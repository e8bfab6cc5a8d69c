"""Domain refusals as sentences that say what was wrong and what to send instead."""

from __future__ import annotations

from html import escape

from bot.i18n import N_, Gettext
from bot.views.shift_text import shift_when
from data.errors import DomainError, InvalidInput

# (field, reason) -> message; placeholders come from the error's params.
_INVALID = {
    ("title", "empty"): N_("The title is empty. Send a short title, e.g. Traffic civility duty."),
    ("title", "too_long"): N_(
        "The title is {length} characters long; the limit is {limit}. Send a shorter title."
    ),
    ("location", "empty"): N_(
        "The location is empty. Send where volunteers meet, e.g. Minzhu Rd crossing."
    ),
    ("location", "too_long"): N_(
        "The location is {length} characters long; the limit is {limit}. Send a shorter location."
    ),
    ("capacity", "range"): N_(
        "The number of volunteers must be a whole number from {low} to {high}."
    ),
    ("capacity", "format"): N_(
        "The number of volunteers must be a whole number from 1 to 1000, e.g. 6."
    ),
    ("start", "past"): N_("That time has already passed. Send a date and time in the future."),
    ("end", "before_start"): N_("The end time must be after the start time, e.g. 09:00-11:00."),
    ("date", "format"): N_(
        "I could not read the date “{text}”. Send it as 2026-12-05, or today / tomorrow / 今天 / 明天."
    ),
    ("date", "impossible"): N_("“{text}” is not a real date. Check the month and day."),
    ("time", "format"): N_(
        "I could not read the time “{text}”. Send a 24-hour range such as 09:00-11:00."
    ),
    ("name", "empty"): N_("The name is empty. Send the name to show on rosters."),
    ("name", "too_long"): N_("That name is too long; the limit is {limit} characters."),
    ("volunteer_ref", "format"): N_("Send a Telegram user id (digits) or an @username."),
    ("role", "target_is_admin"): N_("That user is an admin; admins keep their role."),
    ("fields", "missing"): N_(
        "Some parts are missing. Send: date time-range | title | location | number of volunteers, e.g.\n<code>/newshift 2026-12-05 09:00-11:00 | Traffic civility duty | Minzhu Rd crossing | 6</code>"
    ),
    ("shift_id", "format"): N_("Send the shift number as digits, e.g. /roster 12."),
    ("shift_id", "digits"): N_(
        "Send the shift number as digits after the command, e.g. <code>/{command} 12</code>. Each shift's card shows its number."
    ),
    ("fields", "too_many"): N_(
        "There are too many | separators. Send: date time-range | title | location | number of volunteers, e.g.\n<code>/newshift 2026-12-05 09:00-11:00 | Traffic civility duty | Minzhu Rd crossing | 6</code>"
    ),
}

_BY_CODE = {
    "not_allowed": N_("Sorry, only coordinators can do that. Ask an admin if you should be one."),
    "not_allowed:admin": N_("Sorry, only admins can do that."),
    "not_registered": N_("Please register first: send /start."),
    "shift_cancelled": N_("This shift has been cancelled."),
    "shift_started": N_("This shift has already started, so sign-ups and changes are closed."),
    "shift_full": N_("This shift has just filled up. You can join the waitlist instead."),
    "already_signed_up": N_("You are already on this shift."),
    "not_signed_up": N_("You are not signed up for this shift."),
    "overlap": N_(
        "This shift overlaps another of yours: {clash_title}, {clash_when}. Cancel that one first if you want this one."
    ),
}

_NOT_FOUND = {
    "shift": N_("There is no shift No. {ref}. /shifts lists the open ones."),
    "volunteer": N_(
        "No registered volunteer matches {ref}. They must send /start to the bot first."
    ),
    "series": N_("There is no regular shift No. {ref}. /series lists them."),
}


def explain(error: DomainError, _: Gettext, language: str) -> str:
    """A translated, HTML-safe sentence for ``error``."""
    params = {k: escape(str(v)) for k, v in error.params.items() if isinstance(v, str | int)}
    if isinstance(error, InvalidInput):
        template = _INVALID.get((error.params.get("field", ""), error.params.get("reason", "")))
        if template is None:
            return _("That input was not valid. Send /help to see the accepted forms.")
        return _(template).format_map(_Blank(params))
    if error.code == "not_found":
        template = _NOT_FOUND.get(str(error.params.get("what")), _NOT_FOUND["shift"])
        return _(template).format_map(_Blank(params))
    if error.code == "capacity_below_confirmed":
        return _capacity_below(int(error.params["confirmed"]), _)
    if error.code == "overlap":
        clash = error.params["clash"]
        params |= {
            "clash_title": escape(clash.title),
            "clash_when": escape(shift_when(clash, language)),
        }
    # A refusal may have a more precise wording for its action ("not_allowed:admin").
    specific = f"{error.code}:{error.params.get('action')}"
    template = _BY_CODE.get(specific) or _BY_CODE.get(error.code)
    if template is None:
        return _("Sorry, that could not be done.")
    return _(template).format_map(_Blank(params))


def _capacity_below(confirmed: int, _: Gettext) -> str:
    return _.ngettext(
        "{confirmed} volunteer is already confirmed, so the number of places cannot be less than {confirmed}.",
        "{confirmed} volunteers are already confirmed, so the number of places cannot be less than {confirmed}.",
        confirmed,
    ).format(confirmed=confirmed)


class _Blank(dict[str, str]):
    """Formatting map that leaves an unknown placeholder empty instead of raising."""

    def __missing__(self, key: str) -> str:
        return ""
