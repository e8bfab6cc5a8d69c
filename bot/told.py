"""How many people a change will tell, in one sentence whose noun agrees with the count."""

from __future__ import annotations

from bot.i18n import Gettext


def told_signed_up(count: int, _: Gettext) -> str:
    """``The 1 volunteer signed up will be told.`` / ``The 2 volunteers signed up …``."""
    return _.ngettext(
        "The {count} volunteer signed up will be told.",
        "The {count} volunteers signed up will be told.",
        count,
    ).format(count=count)


def told_concerned(count: int, _: Gettext) -> str:
    """``The 1 volunteer concerned will be told once.``: a series change tells each person once."""
    return _.ngettext(
        "The {count} volunteer concerned will be told once.",
        "The {count} volunteers concerned will be told once.",
        count,
    ).format(count=count)
