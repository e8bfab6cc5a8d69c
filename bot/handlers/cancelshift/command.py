"""/cancelshift <no.> [reason]: cancel a shift after a confirmation; everyone signed up is told.

The notices are outbox rows the domain writes with the cancellation; this handler kicks the
dispatcher. The reason waits in the database (``bot/pending.py``) until the confirmation.
"""

from __future__ import annotations

from html import escape

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot.actions import Action, encode
from bot.context import ShiftContext
from bot.handlers.presses import pressed
from bot.handlers.series import cancel_scope
from bot.handlers.staff.conversation import answer, command_text
from bot.handlers.staff.guard import staff_only
from bot.handlers.staff.picker import show_picker
from bot.parsing import split_shift_ref
from bot.pending import Pending
from bot.replies import refuse, reply, show
from bot.told import told_signed_up
from bot.types import Handler
from bot.views.shift_text import shift_card
from bot.views.staff_keyboards import CANCEL
from data.errors import DomainError
from data.shift_changes import cancel_shift, editable_shift
from data.shifts import MAX_TEXT
from data.views import shift_view

KEY = "cancelshift"
ACTION = "cancelshift"


# Reasons typed with /cancelshift, by shift number, until confirmed or kept.
REASONS = Pending(KEY, str)


@staff_only(ACTION)
async def ask_cancel(update: Update, context: ShiftContext) -> None:
    """/cancelshift <no.> [reason]: the card, who will be told, and Yes / No buttons; with no
    number, the picker of upcoming shifts."""
    text = command_text(update)
    if not text:
        await show_picker(update, context, CANCEL, 0)
        return
    try:
        shift_id, reason = split_shift_ref(text, "cancelshift")
    except DomainError as error:
        await refuse(update, context, error)
        return
    # echoed as the domain will keep it
    await ask_for(update, context, shift_id, " ".join(reason.split())[:MAX_TEXT])


@staff_only(ACTION)
async def cancel_button(update: Update, context: ShiftContext) -> None:
    """❌ Cancel shift on a card or in the picker: the same confirmation, as a new message."""
    args = await pressed(update, context, Action.STAFF_CANCEL)
    if args is not None:
        await ask_for(update, context, args[0], "")


async def ask_for(update: Update, context: ShiftContext, shift_id: int, reason: str) -> None:
    """The card, who will be told, and Yes / No buttons."""
    services, _ = context.services, context._
    try:
        await services.store.run(
            editable_shift, actor_id=context.my_id, shift_id=shift_id, now=services.now()
        )
        view = await services.store.read(shift_view, shift_id=shift_id, viewer_id=None)
    except DomainError as error:
        await refuse(update, context, error)
        return
    await answer(update)
    if view.shift.series_id is not None:  # an occurrence: this one only, or all following?
        await cancel_scope.ask_cancel_scope(update, context, view, reason)
        return
    await REASONS.hold(context, shift_id, reason)
    lines = [shift_card(view, context.language, _), "", _("Cancel this shift?")]
    signed_up = view.confirmed + view.waitlisted
    if signed_up:
        lines.append(told_signed_up(signed_up, _))
    if reason:
        lines.append(_("Reason: {reason}").format(reason=escape(reason)))
    else:
        lines.append(
            _("Tip: /cancelshift {id} &lt;reason&gt; tells volunteers why.").format(id=shift_id)
        )
    keyboard = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    _("❌ Yes, cancel the shift"),
                    callback_data=encode(Action.CANCEL_SHIFT, shift_id),
                ),
                InlineKeyboardButton(
                    _("Keep it"), callback_data=encode(Action.KEEP_SHIFT, shift_id)
                ),
            ]
        ]
    )
    await reply(update, "\n".join(lines), keyboard)


@staff_only(ACTION)
async def confirm_cancel(update: Update, context: ShiftContext) -> None:
    """Yes: cancel, skip the reminders, tell everyone signed up (through the outbox)."""
    _ = context._
    # Cancelled by someone else, started meanwhile, or the sender was demoted: said in place.
    done = await cancel_scope.cancel_pressed(update, context, cancel_shift, REASONS)
    if done is None:
        return
    shift_id, result = done
    text = _("❌ Shift No. {id} is cancelled.").format(id=shift_id)
    if result.notified_ids:
        text += "\n" + told_signed_up(len(result.notified_ids), _)
    await show(update, text)


@staff_only(ACTION)
async def keep_shift(update: Update, context: ShiftContext) -> None:
    """No: nothing changes."""
    await cancel_scope.keep(update, context, REASONS)


def handlers() -> list[Handler]:
    return [
        CommandHandler("cancelshift", ask_cancel),
        CallbackQueryHandler(cancel_button, pattern=Action.STAFF_CANCEL.pattern),
        CallbackQueryHandler(confirm_cancel, pattern=Action.CANCEL_SHIFT.pattern),
        CallbackQueryHandler(keep_shift, pattern=Action.KEEP_SHIFT.pattern),
    ]
