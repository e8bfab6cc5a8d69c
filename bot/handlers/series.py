"""Regular shifts (常态化岗位) for coordinators: /series, /skip, and "this occurrence only" or
"this and all following" when an occurrence is edited or cancelled.

/editshift and /cancelshift hand an occurrence over here (:func:`ask_edit_scope`,
:func:`ask_cancel_scope`); the pending change waits in the coordinator's ``user_data`` until a
scope button is pressed. Callback actions: ``srone`` ``srall`` ``srnone`` (edit scope),
``srcone`` ``srcall`` ``srckeep`` (cancel scope); the volunteer side is in ``series_volunteer``.
"""

from __future__ import annotations

import re
from datetime import date
from html import escape

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot.callbacks import encode
from bot.context import ShiftContext
from bot.handlers import series_volunteer
from bot.handlers.shiftform import pressed
from bot.handlers.staff import answer, button, command_text, staff_only
from bot.parsing import fold, local_today, parse_date
from bot.render import shift_card
from bot.replies import reply, show
from bot.series_text import (
    date_label,
    explain_series,
    occurrence_lines,
    refuse_series,
    rule_words,
    series_time,
)
from bot.types import App
from data.errors import DomainError, InvalidInput
from data.models import Shift
from data.series_changes import cancel_following, edit_following
from data.series_skip import skip_dates
from data.series_views import SeriesView, list_series
from data.shift_changes import ShiftChanges, cancel_shift, edit_shift
from data.views import ShiftView, shift_view

EDITS, CANCELS = "series_edit", "series_cancel"
_RANGE = re.compile(r"\s*(?:\.\.+|…|~|～|〜|至|到|\bto\b)\s*")
_SERIES_ID = re.compile(r"^(?:no\.?|#)?\s*(\d{1,12})$")


@staff_only("series")
async def list_all(update: Update, context: ShiftContext) -> None:
    """/series: each regular shift with its rule, next date and standing volunteers."""
    services, _ = context.services, context._
    views = await services.store.read(list_series, actor_id=context.my_id, now=services.now())
    if not views:
        example = (
            "<code>/newshift 2026-12-05 09:00-11:00 | 文明交通劝导 | 民主路口 | 6 | weekly</code>"
        )
        text = _("There are no regular shifts yet. Post one with a repeat part, e.g.\n{example}")
        await reply(update, text.format(example=example))
        return
    entries = [_entry(view, context) for view in views]
    footer = _(
        "Skip holidays: /skip &lt;no.&gt; 2027-02-10..2027-02-17. To change or cancel, use /editshift or /cancelshift on one of its shifts."
    )
    await reply(update, "\n\n".join([_("<b>Regular shifts</b>"), *entries, footer]))


def _entry(view: SeriesView, context: ShiftContext) -> str:
    _, series = context._, view.series
    lines = [
        f"<b>No. {series.id} {escape(series.title)}</b> · {escape(series.location)}",
        _("🔁 {rule}").format(
            rule=f"{rule_words(view.rule, context.language)} {series_time(series)}"
        ),
    ]
    if view.next_shift is not None:
        lines.append(
            _("Next: {shift}").format(
                shift=occurrence_lines([view.next_shift], context.language)[0][2:]
            )
        )
    else:
        lines.append(_("No dates ahead."))
    standing = _("👥 {count} standing volunteers · {capacity} places each time")
    lines.append(standing.format(count=view.standing_count, capacity=series.capacity))
    return "\n".join(lines)


@staff_only("skip")
async def skip(update: Update, context: ShiftContext) -> None:
    """/skip <no.> <first>..<last>: holidays; occurrences there are not held, volunteers told."""
    services, _ = context.services, context._
    try:
        series_id, first, last = _skip_args(command_text(update), context)
        result = await services.store.run(
            skip_dates,
            actor_id=context.my_id,
            series_id=series_id,
            first_day=first,
            last_day=last,
            now=services.now(),
        )
    except DomainError as error:
        await refuse_series(update, context, error)
        return
    if result.notified_ids:
        services.kick()
    series, tz, language = result.series, result.series.tz, context.language
    days = date_label(first, tz, language)
    if last != first:
        days += "–" + date_label(last, tz, language)
    lines = [
        _("🏮 Regular shift No. {id} ({title}) takes a break on {days}.").format(
            id=series.id, title=escape(series.title), days=days
        )
    ]
    if result.cancelled:
        told = _(
            "{count} posted occurrences are cancelled; the {people} volunteers on them will be told once."
        )
        lines.append(told.format(count=len(result.cancelled), people=len(result.notified_ids)))
    else:
        lines.append(_("No occurrence was posted there yet, and none will be."))
    await reply(update, "\n".join(lines))


def _skip_args(text: str, context: ShiftContext) -> tuple[int, date, date]:
    """``3 2027-02-10..2027-02-17`` (or one day) -> series number, first day, last day."""
    head, _sep, rest = fold(text).partition(" ")
    found = _SERIES_ID.match(head)
    if not found or not rest.strip():
        raise InvalidInput(field="skip", reason="format")
    pieces = [p for p in _RANGE.split(rest.strip()) if p]
    if len(pieces) not in (1, 2):
        raise InvalidInput(field="skip", reason="format")
    today = local_today(context.services.now(), context.services.settings.timezone)
    days = [parse_date(piece, today=today) for piece in pieces]
    return int(found.group(1)), days[0], days[-1]


async def ask_edit_scope(
    update: Update, context: ShiftContext, shift: Shift, changes: ShiftChanges
) -> None:
    """An edit of an occurrence is saved for it alone, or for it and all following."""
    assert shift.id is not None and context.user_data is not None
    context.user_data.setdefault(EDITS, {})[shift.id] = changes
    _ = context._
    question = _("Shift No. {id} is part of regular shift No. {series}. Save the change for:")
    keyboard = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    _("Only this occurrence"), callback_data=encode("srone", shift.id)
                )
            ],
            [
                InlineKeyboardButton(
                    _("This and all following"), callback_data=encode("srall", shift.id)
                )
            ],
            [InlineKeyboardButton(_("✖️ Cancel"), callback_data=encode("srnone", shift.id))],
        ]
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


@staff_only("editshift")
async def edit_one(update: Update, context: ShiftContext) -> None:
    """Only this occurrence: an ordinary shift edit."""
    shift_id = pressed(update)[0]
    changes = _pending(context, EDITS, shift_id)
    if not isinstance(changes, ShiftChanges):
        await _expired(update, context, "editshift", shift_id)
        return
    services = context.services
    try:
        result = await services.store.run(
            edit_shift,
            actor_id=context.my_id,
            shift_id=shift_id,
            changes=changes,
            now=services.now(),
            policy=services.policy,
        )
    except DomainError as error:
        await answer(update)
        await show(update, explain_series(error, context._, context.language))
        return
    if result.promoted_ids or result.notified_ids:
        services.kick()
    await answer(update)
    await _saved(
        update,
        context,
        shift_id,
        context._("✅ Saved for this occurrence only."),
        len(result.notified_ids),
    )


@staff_only("editshift")
async def edit_all(update: Update, context: ShiftContext) -> None:
    """This and all following: the series template changes from this occurrence on."""
    shift_id = pressed(update)[0]
    changes = _pending(context, EDITS, shift_id)
    if not isinstance(changes, ShiftChanges):
        await _expired(update, context, "editshift", shift_id)
        return
    services, _ = context.services, context._
    try:
        result = await services.store.run(
            edit_following,
            actor_id=context.my_id,
            shift_id=shift_id,
            changes=changes,
            now=services.now(),
            policy=services.policy,
        )
    except DomainError as error:
        assert context.user_data is not None
        context.user_data.setdefault(EDITS, {})[shift_id] = changes  # still choosable
        await refuse_series(update, context, error)
        return
    if result.promoted_ids or result.notified_ids:
        services.kick()
    await answer(update)
    head = _(
        "✅ Saved for No. {id} and all following occurrences ({count} in all); later ones will follow too."
    )
    await _saved(
        update,
        context,
        shift_id,
        head.format(id=shift_id, count=len(result.shifts)),
        len(result.notified_ids),
    )


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
    keyboard = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    _("❌ Only this occurrence"), callback_data=encode("srcone", shift.id)
                )
            ],
            [
                InlineKeyboardButton(
                    _("❌ This and all following"), callback_data=encode("srcall", shift.id)
                )
            ],
            [InlineKeyboardButton(_("Keep it"), callback_data=encode("srckeep", shift.id))],
        ]
    )
    await reply(update, "\n".join(lines), keyboard)


@staff_only("cancelshift")
async def cancel_one(update: Update, context: ShiftContext) -> None:
    """❌ Only this occurrence: an ordinary shift cancellation."""
    shift_id = pressed(update)[0]
    reason = _pending(context, CANCELS, shift_id)
    if not isinstance(reason, str):
        await _expired(update, context, "cancelshift", shift_id)
        return
    services, _ = context.services, context._
    try:
        result = await services.store.run(
            cancel_shift,
            actor_id=context.my_id,
            shift_id=shift_id,
            reason=reason or None,
            now=services.now(),
        )
    except DomainError as error:
        await answer(update)
        await show(update, explain_series(error, _, context.language))
        return
    if result.notified_ids:
        services.kick()
    await answer(update)
    lines = [_("❌ Shift No. {id} is cancelled (this occurrence only).").format(id=shift_id)]
    if result.notified_ids:
        told = _("The {count} volunteers signed up will be told.")
        lines.append(told.format(count=len(result.notified_ids)))
    await show(update, "\n".join(lines))


@staff_only("cancelshift")
async def cancel_all(update: Update, context: ShiftContext) -> None:
    """❌ This and all following: the series ends before this occurrence."""
    shift_id = pressed(update)[0]
    reason = _pending(context, CANCELS, shift_id)
    if not isinstance(reason, str):
        await _expired(update, context, "cancelshift", shift_id)
        return
    services, _ = context.services, context._
    try:
        result = await services.store.run(
            cancel_following,
            actor_id=context.my_id,
            shift_id=shift_id,
            reason=reason or None,
            now=services.now(),
        )
    except DomainError as error:
        await answer(update)
        await show(update, explain_series(error, _, context.language))
        return
    if result.notified_ids:
        services.kick()
    await answer(update)
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
    app.add_handler(CommandHandler("series", list_all))
    app.add_handler(CommandHandler("skip", skip))
    for action, handler in (
        ("srone", edit_one),
        ("srall", edit_all),
        ("srnone", edit_none),
        ("srcone", cancel_one),
        ("srcall", cancel_all),
        ("srckeep", cancel_keep),
    ):
        app.add_handler(CallbackQueryHandler(handler, pattern=button(action, 1)))
    series_volunteer.register(app)
