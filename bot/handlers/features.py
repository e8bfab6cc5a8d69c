"""The feature handler modules, in the order they are added to group 0."""

from __future__ import annotations

from types import ModuleType

from bot.handlers import (
    attendance,
    browse,
    cancelshift,
    corrections,
    editshift,
    export,
    home,
    hours,
    mine,
    newshift,
    preferences,
    registration,
    reminders,
    roles,
    roster,
    series,
)

MODULES: list[ModuleType] = [
    registration,
    home,
    browse,
    mine,
    preferences,
    newshift,
    editshift,
    cancelshift,
    series,
    roster,
    roles,
    reminders,
    # Attendance last: its location handler must not take a location another feature asked for.
    attendance,
    hours,
    corrections,
    export,
]
