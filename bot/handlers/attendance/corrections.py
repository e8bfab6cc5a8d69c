"""Coordinators correct attendance records (时长修正) from the summary the bot sends them.

A name on the summary opens that record (``summary.py``); Present / Absent / Excused
or "Change minutes" then asks for the reason as text, and the correction is saved with who, when
and why. Staff only: the role is read from the database on every press and every message, and
again by the domain.
"""

from __future__ import annotations

from html import escape

from pydantic import BaseModel
from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler, MessageHandler, filters

from bot.actions import Action
from bot.context import ShiftContext
from bot.conversation import END, Flow, Step
from bot.handlers.attendance.record_card import record_buttons, record_card
from bot.handlers.attendance.summary import ACTION, load_record, open_record, turn_page
from bot.handlers.presses import pressed, query_of
from bot.handlers.staff.guard import staff_only
from bot.notices.attendance import status_label
from bot.replies import refuse, reply
from bot.types import Handler
from data.corrections import CORRECTABLE, SERVED, Correction, correct_attendance
from data.errors import DomainError, InvalidInput

MINUTES, REASON = "minutes", "reason"
KEY = "corrections"  # the flow's name: its answers end with it
TEXT = filters.TEXT & ~filters.COMMAND


class Pending(BaseModel):
    """The correction being asked for (kept in the database between steps): which record, whose,
    the most minutes it may credit, and what to set."""

    attendance_id: int
    name: str
    max_minutes: int
    status: str | None = None
    minutes: int | None = None


def pending_of(context: ShiftContext) -> Pending | None:
    return context.recall(KEY, Pending)


async def _begin(
    update: Update, context: ShiftContext, attendance_id: int, *, minutes: bool = False
) -> Pending | None:
    view = await load_record(update, context, attendance_id)
    if view is None:
        return None
    if minutes and view.attendance.status not in SERVED:
        # Say so at the press, not after the coordinator has typed minutes and a reason.
        await refuse(update, context, InvalidInput(field="minutes", reason="not_served"))
        return None
    await query_of(update).answer()
    return Pending(
        attendance_id=attendance_id, name=view.volunteer.display_name, max_minutes=view.max_minutes
    )


@staff_only(ACTION)
async def choose_status(update: Update, context: ShiftContext) -> Step:
    """Present / Absent / Excused: ask why."""
    args = await pressed(update, context)
    if args is None:
        return END
    pending = await _begin(update, context, args[0])
    if pending is None:
        return END
    pending.status = CORRECTABLE[args[1]]
    await context.keep(KEY, pending)
    await _ask_reason(update, context, pending)
    return REASON


@staff_only(ACTION)
async def choose_minutes(update: Update, context: ShiftContext) -> Step:
    """Change minutes: ask how many."""
    args = await pressed(update, context)
    if args is None:
        return END
    pending = await _begin(update, context, args[0], minutes=True)
    if pending is None:
        return END
    await context.keep(KEY, pending)
    text = context._(
        "How many minutes should {name} be credited? Send a whole number from 0 to {high}, or /cancel."
    )
    await reply(update, text.format(name=escape(pending.name), high=pending.max_minutes))
    return MINUTES


@staff_only(ACTION)
async def got_minutes(update: Update, context: ShiftContext) -> Step:
    """The minutes, typed."""
    pending = pending_of(context)
    if pending is None:
        return END
    text = (update.effective_message.text or "") if update.effective_message else ""
    value = text.strip()
    # isdecimal, not isdigit: "²" is a digit that int() cannot read.
    if not value.isdecimal() or len(value) > 6 or int(value) > pending.max_minutes:
        error = InvalidInput(field="minutes", reason="format", low=0, high=pending.max_minutes)
        await refuse(update, context, error)
        return MINUTES
    pending.minutes = int(value)
    await context.keep(KEY, pending)
    await _ask_reason(update, context, pending)
    return REASON


async def _ask_reason(update: Update, context: ShiftContext, pending: Pending) -> None:
    _ = context._
    if pending.status is not None:
        text = _(
            "Why change {name}'s record to {status}? Send the reason in one message; it is kept with the record. /cancel stops."
        )
        text = text.format(name=escape(pending.name), status=status_label(pending.status, _))
    else:
        minutes = pending.minutes or 0  # no status: minutes are what is being changed
        text = _.ngettext(
            "Why credit {name} {minutes} minute? Send the reason in one message; it is kept with the record. /cancel stops.",
            "Why credit {name} {minutes} minutes? Send the reason in one message; it is kept with the record. /cancel stops.",
            minutes,
        )
        text = text.format(name=escape(pending.name), minutes=minutes)
    await reply(update, text)


@staff_only(ACTION)
async def got_reason(update: Update, context: ShiftContext) -> Step:
    """The reason, typed: save the correction and show the record as it is now."""
    pending = pending_of(context)
    if pending is None:
        return END
    message = update.effective_message
    services = context.services
    try:
        view = await services.store.run(
            correct_attendance,
            actor_id=context.my_id,
            attendance_id=pending.attendance_id,
            correction=Correction(status=pending.status, minutes=pending.minutes),
            reason=(message.text or "") if message else "",
            now=services.now(),
        )
    except InvalidInput as error:
        await refuse(update, context, error)
        return REASON if error.params.get("field") == "reason" else _finish(context)
    except DomainError as error:
        await refuse(update, context, error)
        return _finish(context)
    _finish(context)
    _ = context._
    card = record_card(view, context.language, _)
    await reply(update, _("✅ Correction saved.") + "\n\n" + card, record_buttons(view, _))
    return END


async def not_text(update: Update, context: ShiftContext) -> int | None:
    """Something other than text while a number or a reason was expected."""
    await reply(update, context._("Please send it as a text message, or /cancel."))
    return None


def _finish(context: ShiftContext) -> Step:
    """The correction is over; its answers go with the dialogue."""
    return END


async def cancel(update: Update, context: ShiftContext) -> Step:
    """/cancel: stop; the record stays as it was."""
    _finish(context)
    await reply(update, context._("Correction cancelled; the record is unchanged."))
    return END


def handlers() -> list[Handler]:
    return [
        CallbackQueryHandler(turn_page, pattern=Action.SUMMARY_PAGE.pattern),
        CallbackQueryHandler(open_record, pattern=Action.OPEN_RECORD.pattern),
    ]


def flow() -> Flow:
    """A correction: the new status or minutes, then the reason."""
    others = ~filters.TEXT & ~filters.COMMAND
    return Flow(
        name="corrections",
        entry_points=[
            CallbackQueryHandler(choose_status, pattern=Action.SET_STATUS.pattern),
            CallbackQueryHandler(choose_minutes, pattern=Action.SET_MINUTES.pattern),
        ],
        states={
            MINUTES: [MessageHandler(TEXT, got_minutes), MessageHandler(others, not_text)],
            REASON: [MessageHandler(TEXT, got_reason), MessageHandler(others, not_text)],
        },
        fallbacks=[CommandHandler("cancel", cancel)],
    )
