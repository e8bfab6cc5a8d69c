"""The /editshift steps: which field, its new value (buttons or typed), and the last look."""

from __future__ import annotations

from html import escape

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.actions import Action, encode
from bot.context import ShiftContext
from bot.conversation import END, Step
from bot.handlers.editshift.answers import LOCATION, SEATS, TITLE, WHEN, Edit, edit_of, save_edit
from bot.handlers.presses import pressed, read_press
from bot.handlers.shiftform import (
    ask_capacity,
    ask_day,
    ask_time,
    day_text,
    read_capacity,
    read_day,
    read_times,
    rows,
    typed,
    zone,
)
from bot.handlers.staff.conversation import settle
from bot.handlers.staff.guard import staff_only
from bot.refusals.buttons import StepOver
from bot.replies import refuse, reply
from bot.told import told_signed_up
from bot.views.shift_text import when
from data.errors import InvalidInput
from data.shifts import recent_locations, validate_text

# The steps, by the names stored with the dialogue.
CHOOSE, TEXT_VALUE, DAY, TIME, CAPACITY, CONFIRM = "choose text day time capacity confirm".split()  # noqa: SIM905
ACTION = "editshift"


@staff_only(ACTION)
async def chose_field(update: Update, context: ShiftContext) -> Step:
    """A field button: ask for its new value."""
    args = await pressed(update, context)
    if args is None:
        return CHOOSE
    shift_id, field = args
    edit = edit_of(context)
    if edit is None or edit.shift.id != shift_id or field not in (TITLE, LOCATION, WHEN, SEATS):
        return await gone(update, context)
    edit.field = field
    await settle(update, escape(field_labels(context)[field]))
    return await ask_value(update, context, edit)


def field_labels(context: ShiftContext) -> dict[int, str]:
    _ = context._
    return {
        TITLE: _("Title"),
        LOCATION: _("Place"),
        WHEN: _("Time"),
        SEATS: _("Number of volunteers"),
    }


async def ask_value(update: Update, context: ShiftContext, edit: Edit) -> Step:
    """The prompt for the chosen field's new value."""
    await save_edit(context, edit)
    _ = context._
    if edit.field == TITLE:
        await reply(update, _("Send the new title."))
        return TEXT_VALUE
    if edit.field == LOCATION:
        await ask_place(update, context, edit)
        return TEXT_VALUE
    if edit.field == WHEN:
        await ask_day(update, context, Action.EDIT_DAY)
        return DAY
    await ask_capacity(update, context, Action.EDIT_CAPACITY)
    return CAPACITY


async def ask_place(update: Update, context: ShiftContext, edit: Edit) -> None:
    """The new place, typed or one of the coordinator's recent ones (as the wizard offers)."""
    _ = context._
    recent = await context.services.store.read(recent_locations, coordinator_id=context.my_id)
    edit.recent = [place for place in recent if place != edit.shift.location]
    await save_edit(context, edit)
    if not edit.recent:
        await reply(update, _("Send the new place."))
        return
    places = [
        InlineKeyboardButton(place[:40], callback_data=encode(Action.EDIT_PLACE, i))
        for i, place in enumerate(edit.recent)
    ]
    text = _("Send the new place.") + "\n" + _("Or tap one of your recent places.")
    await reply(update, text, InlineKeyboardMarkup(rows(places, 1)))


@staff_only(ACTION)
async def got_text(update: Update, context: ShiftContext) -> Step:
    """A new title or place (typed, or a recent place's button)."""
    edit = edit_of(context)
    if edit is None:
        return await gone(update, context)
    try:
        if update.callback_query is not None and edit.field == LOCATION:
            index = read_press(update, Action.EDIT_PLACE)[0]
            answer = edit.recent[index] if index < len(edit.recent) else ""
            edit.text = validate_text("location", answer)
            await settle(update, escape(edit.text))
            return await confirm(update, context, edit)
        edit.text = validate_text("title" if edit.field == TITLE else "location", typed(update))
    except InvalidInput as error:
        await refuse(update, context, error)
        return TEXT_VALUE
    return await confirm(update, context, edit)


@staff_only(ACTION)
async def got_day(update: Update, context: ShiftContext) -> Step:
    """The new day, then the time on it."""
    edit = edit_of(context)
    if edit is None:
        return await gone(update, context)
    try:
        edit.day = read_day(update, context)
    except InvalidInput as error:
        await refuse(update, context, error)
        return DAY
    await save_edit(context, edit)
    await settle(update, day_text(edit.day, context))
    await ask_time(update, context, Action.EDIT_TIME, edit.day)
    return TIME


@staff_only(ACTION)
async def got_time(update: Update, context: ShiftContext) -> Step:
    """The new start and end."""
    edit = edit_of(context)
    if edit is None or edit.day is None:
        return await gone(update, context)
    try:
        edit.starts_at, edit.ends_at = read_times(update, context, edit.day)
    except InvalidInput as error:
        await refuse(update, context, error)
        return TIME
    await settle(
        update, escape(when(edit.starts_at, edit.ends_at, zone(context), context.language))
    )
    return await confirm(update, context, edit)


@staff_only(ACTION)
async def got_capacity(update: Update, context: ShiftContext) -> Step:
    """The new number of volunteers; fewer than are confirmed is refused when saving."""
    edit = edit_of(context)
    if edit is None:
        return await gone(update, context)
    try:
        edit.capacity = read_capacity(update)
    except InvalidInput as error:
        await refuse(update, context, error)
        return CAPACITY
    await settle(update, str(edit.capacity))
    return await confirm(update, context, edit)


async def confirm(update: Update, context: ShiftContext, edit: Edit) -> Step:
    """The last look: before and after, and who will be told."""
    await save_edit(context, edit)
    _ = context._
    shift, language = edit.shift, context.language
    if edit.field == TITLE:
        question, old, new = _("Change the title of shift No. {id}?"), shift.title, edit.text
    elif edit.field == LOCATION:
        question, old, new = _("Change the place of shift No. {id}?"), shift.location, edit.text
    elif edit.field == WHEN:
        assert edit.starts_at is not None and edit.ends_at is not None
        question = _("Move shift No. {id} to another time?")
        old = when(shift.starts_at, shift.ends_at, shift.tz, language)
        new = when(edit.starts_at, edit.ends_at, shift.tz, language)
    else:
        question = _("Change the number of volunteers for shift No. {id}?")
        old, new = str(shift.capacity), str(edit.capacity)
    lines = [
        question.format(id=shift.id),
        _("Before: {value}").format(value=escape(old)),
        _("After: <b>{value}</b>").format(value=escape(new)),
    ]
    if edit.field == WHEN and edit.signed_up:
        lines.append(told_signed_up(edit.signed_up, _))
    keyboard = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(_("✅ Save"), callback_data=encode(Action.EDIT_SAVE)),
                InlineKeyboardButton(_("✖️ Cancel"), callback_data=encode(Action.EDIT_QUIT)),
            ]
        ]
    )
    await reply(update, "\n".join(lines), keyboard)
    return CONFIRM


async def use_buttons(update: Update, context: ShiftContext) -> int | None:
    """Text typed where buttons were expected."""
    await reply(update, context._("Please use the buttons above, or send /cancel."))
    return None


async def gone(update: Update, context: ShiftContext) -> Step:
    """A press that belongs to an edit no longer in progress."""
    await refuse(update, context, StepOver(command=ACTION))
    return forget(context)


def forget(context: ShiftContext) -> Step:
    """The edit is over; its answers go with the dialogue."""
    return END
