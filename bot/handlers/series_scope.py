"""An edit or cancellation of an occurrence: "this occurrence only" or "this and all following".

/editshift and /cancelshift hand an occurrence over here (:func:`ask_edit_scope`,
:func:`ask_cancel_scope`); the pending change waits in the coordinator's ``user_data`` until a
scope button is pressed. Callback actions: ``srone`` ``srall`` ``srnone`` (edit),
``srcone`` ``srcall`` ``srckeep`` (cancel).
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import TypeVar

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler

from bot.callbacks import encode
from bot.context import ShiftContext
from bot.handlers.shiftform import pressed
from bot.handlers.staff import answer, button, staff_only
from bot.render import shift_card
from bot.replies import reply, show
from bot.series_text import explain_series, refuse_series
from bot.types import App
from data.errors import DomainError
from data.models import Shift
from data.series_changes import SeriesChangeResult, cancel_following, edit_following
from data.shift_changes import EditResult, ShiftChanges, cancel_shift, edit_shift
from data.views import ShiftView, shift_view

EDITS, CANCELS = "series_edit", "series_cancel"
R = TypeVar("R", EditResult, SeriesChangeResult)


def _column(shift_id: int, *buttons: tuple[str, str]) -> InlineKeyboardMarkup:
    """One scope button a row, each carrying the occurrence's number."""
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(label, callback_data=encode(action, shift_id))]
            for label, action in buttons
        ]
    )


async def ask_edit_scope(
    update: Update, context: ShiftContext, shift: Shift, changes: ShiftChanges
) -> None:
    """An edit of an occurrence is saved for it alone, or for it and all following."""
    assert shift.id is not None and context.user_data is not None
    context.user_data.setdefault(EDITS, {})[shift.id] = changes
    _ = context._
    question = _("Shift No. {id} is part of regular shift No. {series}. Save the change for:")
    keyboard = _column(
        shift.id,
        (_("Only this occurrence"), "srone"),
        (_("This and all following"), "srall"),
        (_("✖️ Cancel"), "srnone"),
    )
    await show(update, question.format(id=shift.id, series=shift.series_id), keyboard)


def _pending(context: ShiftContext, key: str, shift_id: int) -> object | None:
    assert context.user_data is not None
    waiting = context.user_data.get(key) or {}
    return waiting.pop(shift_id, None) if shift_id in waiting else None


async def _expired(update: Update, context: ShiftContext, command: str, shift_id: int) -> None:
    assert update.callback_query is not None
    text = context._("This confirmation has expired. Send /{command} {id} again.")
    await update.callback_query.answer(text.format(command=command, id=shift_id), show_alert=True)


async def _explain(update: Update, context: ShiftContext, error: DomainError) -> None:
    """A refusal in place of the scope buttons."""
    await answer(update)
    await show(update, explain_series(error, context._, context.language))


async def _save_edit(
    update: Update, context: ShiftContext, save: Callable[..., R], *, retry: bool
) -> tuple[int, R] | None:
    """The pending edit saved by ``save``; None once expired or refused (with ``retry`` as a
    toast, the change still choosable under the same buttons; else in the buttons' place)."""
    shift_id = pressed(update)[0]
    changes = _pending(context, EDITS, shift_id)
    if not isinstance(changes, ShiftChanges):
        await _expired(update, context, "editshift", shift_id)
        return None
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
            assert context.user_data is not None
            context.user_data.setdefault(EDITS, {})[shift_id] = changes  # still choosable
            await refuse_series(update, context, error)
        else:
            await _explain(update, context, error)
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
        lines.append(_("The {count} volunteers concerned will be told once.").format(count=told))
    await show(update, "\n\n".join(lines))


@staff_only("editshift")
async def edit_none(update: Update, context: ShiftContext) -> None:
    """✖️ Cancel: nothing is changed."""
    _pending(context, EDITS, pressed(update)[0])
    await answer(update)
    await show(update, context._("Stopped. The shift was not changed."))


async def ask_cancel_scope(
    update: Update, context: ShiftContext, view: ShiftView, reason: str
) -> None:
    """Cancelling an occurrence: this one only, or this and all following (the series ends)."""
    shift = view.shift
    assert shift.id is not None and context.user_data is not None
    context.user_data.setdefault(CANCELS, {})[shift.id] = reason
    _ = context._
    lines = [shift_card(view, context.language, _), ""]
    lines.append(
        _("This is one occurrence of regular shift No. {series}. Cancel:").format(
            series=shift.series_id
        )
    )
    if reason:
        lines.append(_("Reason: {reason}").format(reason=escape(reason)))
    keyboard = _column(
        shift.id,
        (_("❌ Only this occurrence"), "srcone"),
        (_("❌ This and all following"), "srcall"),
        (_("Keep it"), "srckeep"),
    )
    await reply(update, "\n".join(lines), keyboard)


async def _cancel(
    update: Update, context: ShiftContext, cancel: Callable[..., R]
) -> tuple[int, R] | None:
    """The pending cancellation of the pressed occurrence, done by ``cancel``; None if it was not."""
    shift_id = pressed(update)[0]
    reason = _pending(context, CANCELS, shift_id)
    if not isinstance(reason, str):
        await _expired(update, context, "cancelshift", shift_id)
        return None
    services = context.services
    try:
        result = await services.store.run(
            cancel,
            actor_id=context.my_id,
            shift_id=shift_id,
            reason=reason or None,
            now=services.now(),
        )
    except DomainError as error:
        await _explain(update, context, error)
        return None
    if result.notified_ids:
        services.kick()
    await answer(update)
    return shift_id, result


@staff_only("cancelshift")
async def cancel_one(update: Update, context: ShiftContext) -> None:
    """❌ Only this occurrence: an ordinary shift cancellation."""
    done = await _cancel(update, context, cancel_shift)
    if done is None:
        return
    shift_id, result = done
    _ = context._
    lines = [_("❌ Shift No. {id} is cancelled (this occurrence only).").format(id=shift_id)]
    if result.notified_ids:
        told = _("The {count} volunteers signed up will be told.")
        lines.append(told.format(count=len(result.notified_ids)))
    await show(update, "\n".join(lines))


@staff_only("cancelshift")
async def cancel_all(update: Update, context: ShiftContext) -> None:
    """❌ This and all following: the series ends before this occurrence."""
    done = await _cancel(update, context, cancel_following)
    if done is None:
        return
    shift_id, result = done
    _ = context._
    head = _(
        "❌ Regular shift No. {series} is cancelled from shift No. {id} on: {count} occurrences."
    )
    lines = [head.format(series=result.series.id, id=shift_id, count=len(result.shifts))]
    if result.notified_ids:
        told = _("The {count} volunteers concerned will be told once.")
        lines.append(told.format(count=len(result.notified_ids)))
    await show(update, "\n".join(lines))


@staff_only("cancelshift")
async def cancel_keep(update: Update, context: ShiftContext) -> None:
    """Keep it: nothing changes."""
    shift_id = pressed(update)[0]
    _pending(context, CANCELS, shift_id)
    await answer(update)
    await show(update, context._("Kept. Shift No. {id} was not cancelled.").format(id=shift_id))


def register(app: App) -> None:
    for action, handler in (
        ("srone", edit_one),
        ("srall", edit_all),
        ("srnone", edit_none),
        ("srcone", cancel_one),
        ("srcall", cancel_all),
        ("srckeep", cancel_keep),
    ):
        app.add_handler(CallbackQueryHandler(handler, pattern=button(action, 1)))
