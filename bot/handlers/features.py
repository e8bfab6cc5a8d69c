"""The feature handler modules, in the order they are added to group 0."""

from __future__ import annotations

from types import ModuleType

from bot.handlers.attendance import checkin as attendance
from bot.handlers.attendance import corrections
from bot.handlers.cancelshift import command as cancelshift
from bot.handlers.editshift import command as editshift
from bot.handlers.newshift import command as newshift
from bot.handlers.registration import conversation as registration
from bot.handlers.series import commands as series
from bot.handlers.staff import export, roles, roster
from bot.handlers.volunteer import browse, home, hours, mine, preferences
from bot.handlers.volunteer import reminder_answers as reminders

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
