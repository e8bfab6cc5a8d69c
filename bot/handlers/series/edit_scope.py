"""Saving an occurrence's edit for it alone or for it and all following; /editshift hands it over
with :func:`ask_edit_scope`. Shared parts: ``scope``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from telegram import Update
from telegram.ext import CallbackQueryHandler

from bot.actions import Action
from bot.context import ShiftContext
from bot.handlers.series.scope import column
from bot.handlers.staff.conversation import answer
from bot.handlers.staff.guard import staff_only
from bot.pending import Pending
from bot.replies import refuse, show
from bot.told import told_concerned
from bot.types import Handler
from bot.views.shift_text import shift_card
from bot.views.staff_keyboards import series_label
from data.errors import DomainError
from data.series_changes import SeriesChangeResult, edit_following
from data.shift_changes import EditResult, ShiftChanges, edit_shift
from data.views import shift_view

# Edits waiting for a scope button, by occurrence number.
EDITS = Pending("series_edit", ShiftChanges)
R = TypeVar("R", EditResult, SeriesChangeResult)


async def ask_edit_scope(
    update: Update, context: ShiftContext, shift_id: int, series_id: int, changes: ShiftChanges
) -> None:
    """An edit of an occurrence is saved for it alone, or for it and all following."""
    await EDITS.hold(context, shift_id, changes)
    _ = context._
    question = _("Shift No. {id} is part of regular shift {series}. Save the change for:")
    keyboard = column(
        shift_id,
        (_("Only this occurrence"), Action.EDIT_ONE),
        (_("This and all following"), Action.EDIT_FOLLOWING),
        (_("✖️ Cancel"), Action.EDIT_NONE),
    )
    await show(update, question.format(id=shift_id, series=series_label(series_id)), keyboard)


async def _save_edit(
    update: Update, context: ShiftContext, save: Callable[..., R], *, retry: bool
) -> tuple[int, R] | None:
    """The pending edit saved by ``save``; None once expired or refused (with ``retry`` as a
    toast, the change still choosable under the same buttons; else in the buttons' place)."""
    taken = await EDITS.take_pressed(update, context, "editshift")
    if taken is None:
        return None
    shift_id, changes = taken
    services = context.services
    try:
        result = await services.store.run(
            save,
            actor_id=context.my_id,
            shift_id=shift_id,
            changes=changes,
            now=services.now(),
            policy=services.policy,
        )
    except DomainError as error:
        if retry:
            await EDITS.hold(context, shift_id, changes)  # still choosable
            await refuse(update, context, error)
        else:
            await answer(update)
            await refuse(update, context, error, in_place=True)
        return None
    if result.promoted_ids or result.notified_ids:
        services.kick()
    await answer(update)
    return shift_id, result


@staff_only("editshift")
async def edit_one(update: Update, context: ShiftContext) -> None:
    """Only this occurrence: an ordinary shift edit."""
    done = await _save_edit(update, context, edit_shift, retry=False)
    if done is None:
        return
    shift_id, result = done
    head = context._("✅ Saved for this occurrence only.")
    await _saved(update, context, shift_id, head, len(result.notified_ids))


@staff_only("editshift")
async def edit_all(update: Update, context: ShiftContext) -> None:
    """This and all following: the series template changes from this occurrence on."""
    done = await _save_edit(update, context, edit_following, retry=True)
    if done is None:
        return
    shift_id, result = done
    head = context._(
        "✅ Saved for No. {id} and all following occurrences ({count} in all); later ones will follow too."
    ).format(id=shift_id, count=len(result.shifts))
    await _saved(update, context, shift_id, head, len(result.notified_ids))


async def _saved(
    update: Update, context: ShiftContext, shift_id: int, head: str, told: int
) -> None:
    _ = context._
    view = await context.services.store.read(shift_view, shift_id=shift_id, viewer_id=None)
    lines = [head, shift_card(view, context.language, _)]
    if told:
        lines.append(told_concerned(told, _))
    await show(update, "\n\n".join(lines))


@staff_only("editshift")
async def edit_none(update: Update, context: ShiftContext) -> None:
    """✖️ Cancel: nothing is changed."""
    if await EDITS.drop_pressed(update, context) is not None:
        await show(update, context._("Stopped. The shift was not changed."))


def handlers() -> list[Handler]:
    return [
        CallbackQueryHandler(handler, pattern=action.pattern)
        for action, handler in (
            (Action.EDIT_ONE, edit_one),
            (Action.EDIT_FOLLOWING, edit_all),
            (Action.EDIT_NONE, edit_none),
        )
    ]
