"""Cancelling an occurrence alone or it and all following, the series ending; /cancelshift hands
it over with :func:`ask_cancel_scope`. Shared parts: ``scope``.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import TypeVar

from telegram import Update
from telegram.ext import CallbackQueryHandler

from bot.actions import Action
from bot.attempt import attempt
from bot.context import ShiftContext
from bot.handlers.series.scope import column
from bot.handlers.staff.conversation import answer
from bot.handlers.staff.guard import staff_only
from bot.pending import Pending
from bot.replies import reply, show
from bot.told import told_concerned, told_signed_up
from bot.types import Handler
from bot.views.shift_text import shift_card
from bot.views.staff_keyboards import series_label
from data.series_changes import SeriesChangeResult, cancel_following
from data.shift_changes import EditResult, cancel_shift
from data.views import ShiftView

# Reasons waiting for a scope button, by occurrence number.
CANCELS = Pending("series_cancel", str)
R = TypeVar("R", EditResult, SeriesChangeResult)


async def ask_cancel_scope(
    update: Update, context: ShiftContext, view: ShiftView, reason: str
) -> None:
    """Cancelling an occurrence: this one only, or this and all following (the series ends)."""
    shift = view.shift
    assert shift.id is not None
    await CANCELS.hold(context, shift.id, reason)
    _ = context._
    lines = [shift_card(view, context.language, _), ""]
    lines.append(
        _("This is one occurrence of regular shift {series}. Cancel:").format(
            series=series_label(shift.series_id)
        )
    )
    if reason:
        lines.append(_("Reason: {reason}").format(reason=escape(reason)))
    keyboard = column(
        shift.id,
        (_("❌ Only this occurrence"), Action.CANCEL_ONE),
        (_("❌ This and all following"), Action.CANCEL_FOLLOWING),
        (_("Keep it"), Action.CANCEL_NONE),
    )
    await reply(update, "\n".join(lines), keyboard)


async def cancel_pressed(
    update: Update, context: ShiftContext, cancel: Callable[..., R], waiting: Pending[str] = CANCELS
) -> tuple[int, R] | None:
    """The cancellation waiting (with its reason) for the pressed shift, done by ``cancel``;
    None if it was not: expired, or refused in place of the card."""
    taken = await waiting.take_pressed(update, context, "cancelshift")
    if taken is None:
        return None
    shift_id, reason = taken
    result = await attempt(
        update,
        context,
        cancel,
        in_place=True,
        actor_id=context.my_id,
        shift_id=shift_id,
        reason=reason or None,
    )
    if result is None:
        return None
    if result.notified_ids:
        context.services.kick()
    await answer(update)
    return shift_id, result


@staff_only("cancelshift")
async def cancel_one(update: Update, context: ShiftContext) -> None:
    """❌ Only this occurrence: an ordinary shift cancellation."""
    done = await cancel_pressed(update, context, cancel_shift)
    if done is None:
        return
    shift_id, result = done
    _ = context._
    lines = [_("❌ Shift No. {id} is cancelled (this occurrence only).").format(id=shift_id)]
    if result.notified_ids:
        lines.append(told_signed_up(len(result.notified_ids), _))
    await show(update, "\n".join(lines))


@staff_only("cancelshift")
async def cancel_all(update: Update, context: ShiftContext) -> None:
    """❌ This and all following: the series ends before this occurrence."""
    done = await cancel_pressed(update, context, cancel_following)
    if done is None:
        return
    shift_id, result = done
    _ = context._
    count = len(result.shifts)
    head = _.ngettext(
        "❌ Regular shift {series} is cancelled from shift No. {id} on: {count} occurrence.",
        "❌ Regular shift {series} is cancelled from shift No. {id} on: {count} occurrences.",
        count,
    )
    lines = [head.format(series=series_label(result.series.id), id=shift_id, count=count)]
    if result.notified_ids:
        lines.append(told_concerned(len(result.notified_ids), _))
    await show(update, "\n".join(lines))


@staff_only("cancelshift")
async def cancel_keep(update: Update, context: ShiftContext) -> None:
    """Keep it: nothing changes."""
    await keep(update, context, CANCELS)


async def keep(update: Update, context: ShiftContext, waiting: Pending[str]) -> None:
    """Keep it (an occurrence, or a one-off shift): the waiting reason goes, the shift stays."""
    shift_id = await waiting.drop_pressed(update, context)
    if shift_id is not None:
        text = context._("Kept. Shift No. {id} was not cancelled.").format(id=shift_id)
        await show(update, text)


def handlers() -> list[Handler]:
    return [
        CallbackQueryHandler(handler, pattern=action.pattern)
        for action, handler in (
            (Action.CANCEL_ONE, cancel_one),
            (Action.CANCEL_FOLLOWING, cancel_all),
            (Action.CANCEL_NONE, cancel_keep),
        )
    ]
