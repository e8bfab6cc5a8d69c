"""The page's own words (its chrome, not the bot's): key -> English msgid, translated per request."""

from __future__ import annotations

from bot.i18n import N_

UI = {
    "title": N_("shiftbot demo"),
    "subtitle": N_("The real bot, offline: nothing leaves this computer."),
    "chats": N_("People"),
    "clock": N_("Demo clock"),
    "plus_hour": N_("+1 hour"),
    "plus_day": N_("+1 day"),
    "next_reminder": N_("Next reminder"),
    "nothing_owed": N_("No reminder is waiting."),
    "clock_moved": N_("The clock is now {time}."),
    "placeholder": N_("Message"),
    "send": N_("Send"),
    "menu": N_("Menu"),
    "no_commands": N_("No commands yet: send /start first."),
    "edited": N_("edited"),
    "ok": N_("OK"),
    "bot_name": N_("ShiftBot"),
    "you_are": N_("You are {name} · {role}"),
    "reconnecting": N_("Reconnecting…"),
    "empty_chat": N_("No messages here yet. Send /start to begin."),
    "download": N_("Download"),
    "location": N_("Location"),
    "contact": N_("Contact"),
    "back": N_("Back"),
    "language": N_("中文 / English"),
    "hide_keyboard": N_("Hide keyboard"),
    "show_keyboard": N_("Show keyboard"),
    "Coordinator and admin": N_("Coordinator and admin"),
    "Volunteer": N_("Volunteer"),
    "New volunteer": N_("New volunteer"),
    "failed": N_("That did not go through: {reason}"),
}
