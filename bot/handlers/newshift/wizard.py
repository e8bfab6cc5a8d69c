"""The /newshift wizard: title, day, time, place and capacity, then a last look before posting.

Answers are kept in the database between steps (the draft and its texts are in
``draft.py``), so any process may take the next step; every step re-checks the sender's role,
and every step that has buttons also accepts the answer typed.
"""

from __future__ import annotations

from html import escape

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.actions import Action, encode
from bot.context import ShiftContext
from bot.conversation import END, Step
from bot.handlers.newshift.draft import (
    KEY,
    NewShift,
    confirm_keyboard,
    confirm_text,
    draft_of,
    posted,
    posted_buttons,
    save_draft,
    step,
)
from bot.handlers.newshift.repeat import ask_repeat, post_series, take_repeat
from bot.handlers.presses import read_press
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
from bot.handlers.staff.conversation import answer, settle
from bot.handlers.staff.guard import staff_only
from bot.replies import refuse, reply, show
from bot.views.shift_text import when
from data.errors import DomainError, InvalidInput
from data.shifts import ShiftDraft, create_shift, recent_locations, validate_text

# The steps, by the names stored with the dialogue.
TITLE, DAY, TIME, LOCATION, CAPACITY, CONFIRM, REPEAT = [
    "title",
    "day",
    "time",
    "location",
    "capacity",
    "confirm",
    "repeat",
]
ACTION = "newshift"


@staff_only(ACTION)
async def got_title(update: Update, context: ShiftContext) -> Step:
    """Step 1: the title."""
    draft = draft_of(context)
    try:
        draft.title = validate_text("title", typed(update))
    except InvalidInput as error:
        await refuse(update, context, error)
        return TITLE
    await save_draft(context, draft)
    await ask_day(update, context, Action.NEW_DAY, step(context, 2))
    return DAY


@staff_only(ACTION)
async def got_day(update: Update, context: ShiftContext) -> Step:
    """Step 2: the day, pressed or typed."""
    try:
        day = read_day(update, context)
    except InvalidInput as error:
        await refuse(update, context, error)
        return DAY
    draft = draft_of(context)
    draft.day = day
    await save_draft(context, draft)
    await settle(update, day_text(day, context))
    await ask_time(update, context, Action.NEW_TIME, day, step(context, 3))
    return TIME


@staff_only(ACTION)
async def got_time(update: Update, context: ShiftContext) -> Step:
    """Step 3: start and end, pressed or typed."""
    draft = draft_of(context)
    assert draft.day is not None
    try:
        draft.starts_at, draft.ends_at = read_times(update, context, draft.day)
    except InvalidInput as error:
        await refuse(update, context, error)
        return TIME
    await settle(update, when(draft.starts_at, draft.ends_at, zone(context), context.language))
    draft.recent = await context.services.store.read(recent_locations, coordinator_id=context.my_id)
    await save_draft(context, draft)
    prompt = context._("Where do volunteers meet? Send the place, e.g. Minzhu Rd crossing.")
    markup = None
    if draft.recent:
        prompt += "\n" + context._("Or tap one of your recent places.")
        places = [
            InlineKeyboardButton(place[:40], callback_data=encode(Action.NEW_PLACE, i))
            for i, place in enumerate(draft.recent)
        ]
        markup = InlineKeyboardMarkup(rows(places, 1))
    await reply(update, step(context, 4) + prompt, markup)
    return LOCATION


@staff_only(ACTION)
async def got_location(update: Update, context: ShiftContext) -> Step:
    """Step 4: the place, typed or one of the recent ones."""
    draft = draft_of(context)
    try:
        if update.callback_query is not None:
            index = read_press(update)[0]
            text = draft.recent[index] if 0 <= index < len(draft.recent) else ""
        else:
            text = typed(update)
        draft.location = validate_text("location", text)
    except InvalidInput as error:
        await refuse(update, context, error)
        return LOCATION
    await save_draft(context, draft)
    await settle(update, escape(draft.location))
    await ask_capacity(update, context, Action.NEW_CAPACITY, step(context, 5))
    return CAPACITY


@staff_only(ACTION)
async def got_capacity(update: Update, context: ShiftContext) -> Step:
    """Step 5: how many volunteers; then the last look."""
    draft = draft_of(context)
    try:
        draft.capacity = read_capacity(update)
    except InvalidInput as error:
        await refuse(update, context, error)
        return CAPACITY
    await save_draft(context, draft)
    await settle(update, str(draft.capacity))
    await reply(update, confirm_text(draft, context), confirm_keyboard(context))
    return CONFIRM


@staff_only(ACTION)
async def post_draft(update: Update, context: ShiftContext) -> Step:
    """Post: the domain checks every field once more (time may have passed meanwhile)."""
    draft = context.recall(KEY, NewShift)
    if draft is None or draft.starts_at is None or draft.ends_at is None:
        await show(update, context._("This draft is gone. Send /newshift to start again."))
        return END
    services = context.services
    tz = zone(context)
    shift_draft = ShiftDraft(
        draft.title, draft.location, draft.starts_at, draft.ends_at, draft.capacity, tz
    )
    if draft.repeat is not None:  # a regular shift: the series module posts it
        if not await post_series(update, context, shift_draft, draft.repeat):
            await show(update, context._("Nothing was posted. Send /newshift to start again."))
        return END
    try:
        shift = await services.store.run(
            create_shift, actor_id=context.my_id, draft=shift_draft, now=services.now()
        )
    except DomainError as error:
        await refuse(update, context, error)
        await show(update, context._("Nothing was posted. Send /newshift to start again."))
        return END
    await answer(update)
    await show(update, posted(shift, context), posted_buttons(shift, context))
    return END


async def quit_draft(update: Update, context: ShiftContext) -> Step:
    """Cancel on the last look, or /cancel at any step."""
    await answer(update)
    await show(update, context._("Stopped. Nothing was posted."))
    return END


async def use_buttons(update: Update, context: ShiftContext) -> Step:
    """Text typed where the Post / Cancel buttons were expected."""
    await reply(
        update, context._("Please press ✅ Post, ✖️ Cancel or 🔁 Repeat… above, or send /cancel.")
    )
    return CONFIRM


async def start_wizard(update: Update, context: ShiftContext) -> Step:
    """Step 1: ask for the title."""
    await save_draft(context, NewShift())
    prompt = context._("What is the shift called? Send a short title, e.g. Traffic civility duty.")
    await reply(update, step(context, 1) + prompt + "\n" + context._("/cancel stops at any step."))
    return TITLE


@staff_only(ACTION)
async def open_repeat(update: Update, context: ShiftContext) -> Step:
    """🔁 Repeat… on the last look: once, or a regular shift (常态化岗位)."""
    await ask_repeat(update, context)
    return REPEAT


@staff_only(ACTION)
async def got_repeat(update: Update, context: ShiftContext) -> Step:
    """A repeat rule pressed or typed; then the last look again, with the first dates."""
    draft = draft_of(context)
    assert draft.starts_at is not None
    understood, rule = await take_repeat(update, context, draft.starts_at)
    if not understood:
        return REPEAT
    draft.repeat = rule
    await save_draft(context, draft)
    await reply(update, confirm_text(draft, context), confirm_keyboard(context))
    return CONFIRM
