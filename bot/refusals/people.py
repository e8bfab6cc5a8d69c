"""Refusals about people: the name a volunteer gives, the phone they share, and finding someone
by name, @username or id for a role change. Each says what to send instead."""

from __future__ import annotations

from bot.i18n import N_
from bot.refusals.wording import Entry, Key

_WHO = N_(
    "Send the volunteer's name (or part of it), their @username or their Telegram id (digits)."
)

WORDS: dict[Key, Entry] = {
    ("invalid_input", "name", "empty"): N_("The name is empty. Send the name to show on rosters."),
    ("invalid_input", "name", "too_long"): N_(
        "That name is too long; the limit is {limit} characters. Send a shorter name."
    ),
    ("invalid_input", "contact", "not_own"): N_(
        "That is not your own number. Tap 📱 Share my phone number below to share yours, or /cancel."
    ),
    ("invalid_input", "volunteer_ref", "format"): _WHO,
    ("invalid_input", "name_search", "empty"): _WHO,
    ("invalid_input", "name_search", "too_long"): N_(
        "That is longer than any name (the limit is {limit} characters). Send part of the name."
    ),
    ("not_found", "volunteer_name"): N_(
        "No registered volunteer's name contains “{ref}”. Check the name, or send their @username or Telegram id."
    ),
    ("invalid_input", "role", "target_is_admin"): N_(
        "That user is an admin; admins keep their role."
    ),
}
