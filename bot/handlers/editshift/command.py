"""/editshift <no.>: change a shift's title, place, time or capacity, after a last look.

More places promote waitlisted volunteers and a new time tells everyone signed up; both are
outbox rows the domain writes with the change, so this handler only kicks the dispatcher.
"""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler, CommandHandler, MessageHandler

from bot.actions import Action, encode
from bot.context import ShiftContext
from bot.conversation import END, Flow, Step
from bot.handlers.editshift.answers import Edit, EditedShift, edit_of, save_edit
from bot.handlers.editshift.fields import (
    ACTION,
    CAPACITY,
    CHOOSE,
    CONFIRM,
    DAY,
    TEXT_VALUE,
    TIME,
    ask_value,
    chose_field,
    field_labels,
    forget,
    gone,
    got_capacity,
    got_day,
    got_text,
    got_time,
    use_buttons,
)
from bot.handlers.presses import pressed
from bot.handlers.series import edit_scope
from bot.handlers.shiftform import TEXT, pressed_or_typed, rows
from bot.handlers.staff.conversation import answer, command_text, late_buttons
from bot.handlers.staff.guard import staff_only
from bot.handlers.staff.picker import show_picker
from bot.parsing import parse_shift_id
from bot.replies import refuse, reply, show
from bot.types import Handler
from bot.views.shift_text import shift_card
from bot.views.staff_keyboards import EDIT as PICK_EDIT
from data.errors import CapacityBelowConfirmed, DomainError, InvalidInput
from data.shift_changes import edit_shift, editable_shift
from data.views import shift_view


@staff_only(ACTION)
async def start_edit(update: Update, context: ShiftContext) -> Step:
    """/editshift <no.>: the shift's card and a button per field; with no number, the picker."""
    text = command_text(update)
    if not text:
        await show_picker(update, context, PICK_EDIT, 0)
        return END
    try:
        shift_id = parse_shift_id(text, "editshift")
    except DomainError as error:
        await refuse(update, context, error)
        return END
    return await begin(update, context, shift_id)


@staff_only(ACTION)
async def edit_button(update: Update, context: ShiftContext) -> Step:
    """✏️ Edit on a card or in the picker: the same field choice, as a new message."""
    args = await pressed(update, context, Action.STAFF_EDIT)
    return END if args is None else await begin(update, context, args[0])


async def begin(update: Update, context: ShiftContext, shift_id: int) -> Step:
    """The shift's card and a button per field."""
    services, _ = context.services, context._
    try:
        await services.store.run(
            editable_shift, actor_id=context.my_id, shift_id=shift_id, now=services.now()
        )
        view = await services.store.read(shift_view, shift_id=shift_id, viewer_id=None)
    except DomainError as error:
        await refuse(update, context, error)
        return END
    await answer(update)
    await save_edit(
        context, Edit(shift=EditedShift.of(view.shift), signed_up=view.confirmed + view.waitlisted)
    )
    buttons = [
        InlineKeyboardButton(label, callback_data=encode(Action.EDIT_FIELD, shift_id, field))
        for field, label in field_labels(context).items()
    ]
    buttons.append(InlineKeyboardButton(_("✖️ Cancel"), callback_data=encode(Action.EDIT_QUIT)))
    text = shift_card(view, context.language, _) + "\n\n" + _("What do you want to change?")
    await reply(update, text, InlineKeyboardMarkup(rows(buttons, 2)))
    return CHOOSE


@staff_only(ACTION)
async def save(update: Update, context: ShiftContext) -> Step:
    """Save: the domain checks again, promotes the waitlist and owes the notices."""
    edit, services, _ = edit_of(context), context.services, context._
    if edit is None:
        return await gone(update, context)
    await answer(update)
    if edit.shift.series_id is not None:  # an occurrence: this one only, or all following?
        await edit_scope.ask_edit_scope(
            update, context, edit.shift.id, edit.shift.series_id, edit.changes()
        )
        return forget(context)
    try:
        result = await services.store.run(
            edit_shift,
            actor_id=context.my_id,
            shift_id=edit.shift.id,
            changes=edit.changes(),
            now=services.now(),
            policy=services.policy,
        )
    except (CapacityBelowConfirmed, InvalidInput) as error:
        # Worth another try: ask for the same field again.
        await refuse(update, context, error, in_place=True)
        return await ask_value(update, context, edit)
    except DomainError as error:
        await refuse(update, context, error, in_place=True)
        return forget(context)
    if result.promoted_ids or result.notified_ids:
        services.kick()
    view = await services.store.read(shift_view, shift_id=edit.shift.id, viewer_id=None)
    lines = [_("✅ Saved."), shift_card(view, context.language, _)]
    if result.promoted_ids:
        note = _("Promoted from the waitlist: {count}. They will be told.")
        lines.append(note.format(count=len(result.promoted_ids)))
    if result.notified_ids:
        count = len(result.notified_ids)
        note = _.ngettext(
            "The {count} volunteer signed up will be told of the new time.",
            "The {count} volunteers signed up will be told of the new time.",
            count,
        )
        lines.append(note.format(count=count))
    await show(update, "\n\n".join(lines))
    return forget(context)


async def stop(update: Update, context: ShiftContext) -> Step:
    """Cancel on a button, or /cancel at any step."""
    await answer(update)
    await show(update, context._("Stopped. The shift was not changed."))
    return forget(context)


def flow() -> Flow:
    """/editshift: which field, its new value, the last look."""
    stop_button = CallbackQueryHandler(staff_only(ACTION)(stop), pattern=Action.EDIT_QUIT.pattern)
    return Flow(
        name="editshift",
        entry_points=[
            CommandHandler("editshift", start_edit),
            CallbackQueryHandler(edit_button, pattern=Action.STAFF_EDIT.pattern),
        ],
        states={
            CHOOSE: [
                CallbackQueryHandler(chose_field, pattern=Action.EDIT_FIELD.pattern),
                stop_button,
                MessageHandler(TEXT, use_buttons),
            ],
            TEXT_VALUE: [
                MessageHandler(TEXT, got_text),
                CallbackQueryHandler(got_text, pattern=Action.EDIT_PLACE.pattern),
            ],
            DAY: pressed_or_typed(got_day, Action.EDIT_DAY),
            TIME: pressed_or_typed(got_time, Action.EDIT_TIME),
            CAPACITY: pressed_or_typed(got_capacity, Action.EDIT_CAPACITY),
            CONFIRM: [
                CallbackQueryHandler(save, pattern=Action.EDIT_SAVE.pattern),
                stop_button,
                MessageHandler(TEXT, use_buttons),
            ],
        },
        fallbacks=[CommandHandler("cancel", stop)],
    )


def handlers() -> list[Handler]:
    return [late_buttons(ACTION, *Action.family("es"))]
