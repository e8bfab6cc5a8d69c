"""Every refusal as one translated sentence that says what was wrong and what to send instead.

One table, from a refusal's key (see ``bot/refusals/wording.py``) to its words; its parts are
kept by concept in ``bot/refusals/`` and joined here. A feature that words an error its own way
has its own key for it, so the table never needs a second lookup.
"""

from __future__ import annotations

from bot.i18n import Gettext
from bot.refusals import attendance, buttons, people, series, shifts
from bot.refusals.wording import Entry, Key, Refused, fill, keys


def _joined(*parts: dict[Key, Entry]) -> dict[Key, Entry]:
    table: dict[Key, Entry] = {}
    for part in parts:
        repeated = table.keys() & part.keys()
        assert not repeated, f"refusals worded twice: {repeated}"
        table |= part
    return table


TABLE = _joined(shifts.WORDS, series.WORDS, attendance.WORDS, buttons.WORDS, people.WORDS)


def explain(error: Refused, _: Gettext, language: str) -> str:
    """A translated, HTML-safe sentence for ``error``: its most precise entry in the table."""
    for key in keys(error):
        entry = TABLE.get(key)
        if isinstance(entry, str):
            return fill(entry, error, _)
        if entry is not None:
            return entry(error, _, language)
    return _("Sorry, that could not be done.")
