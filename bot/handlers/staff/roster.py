"""/roster <no.>: who is confirmed and who waits on a shift (名单), in order, for coordinators."""

from __future__ import annotations

from html import escape

from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot.actions import Action
from bot.context import ShiftContext
from bot.handlers.presses import pressed
from bot.handlers.staff.conversation import answer, command_text
from bot.handlers.staff.guard import staff_only
from bot.handlers.staff.picker import show_picker
from bot.i18n import Gettext
from bot.parsing import parse_shift_id
from bot.replies import refuse, reply
from bot.types import Handler
from bot.views.shift_text import shift_details
from bot.views.staff_keyboards import ROSTER
from data.errors import DomainError
from data.models import ShiftStatus, SignupStatus, Volunteer
from data.views import Roster, roster

# Telegram allows 4096 characters a message; a 1000-seat roster is sent in parts.
CHUNK = 3500


@staff_only("roster")
async def show_roster(update: Update, context: ShiftContext) -> None:
    """/roster <no.>: the shift, then confirmed and waitlisted volunteers with their contacts;
    with no number, the picker of upcoming shifts."""
    text = command_text(update)
    if not text:
        await show_picker(update, context, ROSTER, 0)
        return
    try:
        await send_roster(update, context, parse_shift_id(text, "roster"))
    except DomainError as error:
        await refuse(update, context, error)


@staff_only("roster")
async def roster_pressed(update: Update, context: ShiftContext) -> None:
    """📋 Roster on a card or in the picker: the roster as a new message under it."""
    args = await pressed(update, context, Action.STAFF_ROSTER)
    if args is None:
        return
    try:
        await send_roster(update, context, args[0])
    except DomainError as error:
        await refuse(update, context, error)
        return
    await answer(update)


async def send_roster(update: Update, context: ShiftContext, shift_id: int) -> None:
    """The roster, in parts if long; a missing shift is the caller's to refuse."""
    result = await context.services.store.read(roster, actor_id=context.my_id, shift_id=shift_id)
    for part in chunks(roster_lines(result, context.language, context._)):
        await reply(update, part)


def roster_lines(result: Roster, language: str, _: Gettext) -> list[str]:
    view = result.view
    shift = view.shift
    lines = [_("<b>Roster</b> · No. {id}").format(id=shift.id), shift_details(shift, language, _)]
    if shift.status == ShiftStatus.CANCELLED:
        lines.append(_("❌ This shift has been cancelled."))
    confirmed = [line.volunteer for line in result.lines if line.status == SignupStatus.CONFIRMED]
    waiting = [line.volunteer for line in result.lines if line.status == SignupStatus.WAITLISTED]
    lines += [
        "",
        _("<b>Confirmed: {taken}/{capacity}</b>").format(
            taken=len(confirmed), capacity=shift.capacity
        ),
    ]
    lines += [person_line(n, v, _) for n, v in enumerate(confirmed, 1)] or [_("No one yet.")]
    if waiting:
        lines += ["", _("<b>Waitlist: {count}</b>").format(count=len(waiting))]
        lines += [person_line(n, v, _) for n, v in enumerate(waiting, 1)]
    return lines


def person_line(number: int, volunteer: Volunteer, _: Gettext) -> str:
    """``1. 李雷 @lilei · 📞 138…``: the name as registered, escaped; contact details if any."""
    text = f"{number}. {escape(volunteer.display_name)}"
    if volunteer.username:
        text += f" @{escape(volunteer.username)}"
    if volunteer.phone:
        text += f" · 📞 {escape(volunteer.phone)}"
    if not volunteer.reachable:
        text += " · " + _("⚠️ has blocked the bot")
    return text


def chunks(lines: list[str]) -> list[str]:
    """Whole lines grouped into messages that stay under Telegram's limit."""
    parts: list[str] = []
    current: list[str] = []
    for line in lines:
        if current and sum(len(x) + 1 for x in current) + len(line) > CHUNK:
            parts.append("\n".join(current))
            current = []
        current.append(line)
    parts.append("\n".join(current))
    return parts


def handlers() -> list[Handler]:
    return [
        CommandHandler("roster", show_roster),
        CallbackQueryHandler(roster_pressed, pattern=Action.STAFF_ROSTER.pattern),
    ]
