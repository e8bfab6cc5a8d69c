"""The /newshift wizard: title, day, time, place and capacity, then a last look before posting.

Answers live in the coordinator's own ``user_data``; every step re-checks the sender's role, and
every step that has buttons also accepts the answer typed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from html import escape

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.callbacks import encode
from bot.context import ShiftContext
from bot.handlers.series_newshift import (
    ask_repeat,
    post_series,
    repeat_button,
    repeat_lines,
    take_repeat,
)
from bot.handlers.shiftform import (
    ask_capacity,
    ask_day,
    ask_time,
    day_text,
    pressed,
    read_capacity,
    read_day,
    read_times,
    rows,
    typed,
    zone,
)
from bot.handlers.staff import END, answer, settle, staff_only
from bot.render import shift_card, when
from bot.replies import refuse, reply, show
from data.errors import DomainError, InvalidInput
from data.models import Shift
from data.recurrence import RepeatRule
from data.shifts import ShiftDraft, create_shift, recent_locations, validate_text
from data.views import ShiftView

TITLE, DAY, TIME, LOCATION, CAPACITY, CONFIRM, REPEAT = range(7)
STEPS = 5
KEY = "newshift"
ACTION = "newshift"


@dataclass
class NewShift:
    """The wizard's answers so far."""

    title: str = ""
    day: date | None = None
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    location: str = ""
    capacity: int = 0
    repeat: RepeatRule | None = None  # None: a one-off shift
    recent: list[str] = field(default_factory=list)


def draft_of(context: ShiftContext) -> NewShift:
    assert context.user_data is not None
    draft = context.user_data.setdefault(KEY, NewShift())
    assert isinstance(draft, NewShift)
    return draft


def step(context: ShiftContext, number: int) -> str:
    """``Step 2 of 5`` above a prompt."""
    return "<b>{}</b>\n".format(
        context._("Step {step} of {steps}").format(step=number, steps=STEPS)
    )


def posted(shift: Shift, context: ShiftContext) -> str:
    """The reply to a posted shift: its number, its card, and what to do with it next."""
    _ = context._
    card = shift_card(ShiftView(shift, 0, 0), context.language, _)
    follow = _("Roster: /roster {id} · change: /editshift {id} · cancel: /cancelshift {id}")
    return "\n\n".join(
        [_("✅ Posted shift No. {id}.").format(id=shift.id), card, follow.format(id=shift.id)]
    )


@staff_only(ACTION)
async def got_title(update: Update, context: ShiftContext) -> int:
    """Step 1: the title."""
    try:
        draft_of(context).title = validate_text("title", typed(update))
    except InvalidInput as error:
        await refuse(update, context, error)
        return TITLE
    await ask_day(update, context, "nsday", step(context, 2))
    return DAY


@staff_only(ACTION)
async def got_day(update: Update, context: ShiftContext) -> int:
    """Step 2: the day, pressed or typed."""
    try:
        day = read_day(update, context)
    except InvalidInput as error:
        await refuse(update, context, error)
        return DAY
    draft_of(context).day = day
    await settle(update, day_text(day, context))
    await ask_time(update, context, "nstime", day, step(context, 3))
    return TIME


@staff_only(ACTION)
async def got_time(update: Update, context: ShiftContext) -> int:
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
    prompt = context._("Where do volunteers meet? Send the place, e.g. Minzhu Rd crossing.")
    markup = None
    if draft.recent:
        prompt += "\n" + context._("Or tap one of your recent places.")
        places = [
            InlineKeyboardButton(place[:40], callback_data=encode("nsloc", i))
            for i, place in enumerate(draft.recent)
        ]
        markup = InlineKeyboardMarkup(rows(places, 1))
    await reply(update, step(context, 4) + prompt, markup)
    return LOCATION


@staff_only(ACTION)
async def got_location(update: Update, context: ShiftContext) -> int:
    """Step 4: the place, typed or one of the recent ones."""
    draft = draft_of(context)
    try:
        if update.callback_query is not None:
            index = pressed(update)[0]
            text = draft.recent[index] if 0 <= index < len(draft.recent) else ""
        else:
            text = typed(update)
        draft.location = validate_text("location", text)
    except InvalidInput as error:
        await refuse(update, context, error)
        return LOCATION
    await settle(update, escape(draft.location))
    await ask_capacity(update, context, "nscap", step(context, 5))
    return CAPACITY


@staff_only(ACTION)
async def got_capacity(update: Update, context: ShiftContext) -> int:
    """Step 5: how many volunteers; then the last look."""
    draft = draft_of(context)
    try:
        draft.capacity = read_capacity(update)
    except InvalidInput as error:
        await refuse(update, context, error)
        return CAPACITY
    await settle(update, str(draft.capacity))
    await reply(update, confirm_text(draft, context), confirm_keyboard(context))
    return CONFIRM


def confirm_text(draft: NewShift, context: ShiftContext) -> str:
    _ = context._
    assert draft.starts_at is not None and draft.ends_at is not None
    tz = zone(context)
    return "\n".join(
        [
            _("Please check the shift, then post it:"),
            f"<b>{escape(draft.title)}</b>",
            _("🕘 {when}").format(
                when=escape(when(draft.starts_at, draft.ends_at, tz, context.language))
            ),
            _("📍 {location}").format(location=escape(draft.location)),
            _("👥 {capacity} volunteers needed").format(capacity=draft.capacity),
        ]
        + (
            repeat_lines(draft.repeat, draft.starts_at, draft.ends_at, context)
            if draft.repeat
            else []
        )
    )


def confirm_keyboard(context: ShiftContext) -> InlineKeyboardMarkup:
    _ = context._
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(_("✅ Post"), callback_data=encode("nspost")),
                InlineKeyboardButton(_("✖️ Cancel"), callback_data=encode("nsquit")),
            ],
            [repeat_button(context)],
        ]
    )


@staff_only(ACTION)
async def post_draft(update: Update, context: ShiftContext) -> int:
    """Post: the domain checks every field once more (time may have passed meanwhile)."""
    assert context.user_data is not None
    draft = context.user_data.pop(KEY, None)
    if not isinstance(draft, NewShift) or draft.starts_at is None or draft.ends_at is None:
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
    await show(update, posted(shift, context))
    return END


async def quit_draft(update: Update, context: ShiftContext) -> int:
    """Cancel on the last look, or /cancel at any step."""
    assert context.user_data is not None
    await answer(update)
    context.user_data.pop(KEY, None)
    await show(update, context._("Stopped. Nothing was posted."))
    return END


async def use_buttons(update: Update, context: ShiftContext) -> int:
    """Text typed where the Post / Cancel buttons were expected."""
    await reply(
        update, context._("Please press ✅ Post, ✖️ Cancel or 🔁 Repeat… above, or send /cancel.")
    )
    return CONFIRM


async def start_wizard(update: Update, context: ShiftContext) -> int:
    """Step 1: ask for the title."""
    assert context.user_data is not None
    context.user_data[KEY] = NewShift()
    prompt = context._("What is the shift called? Send a short title, e.g. Traffic civility duty.")
    await reply(update, step(context, 1) + prompt + "\n" + context._("/cancel stops at any step."))
    return TITLE


@staff_only(ACTION)
async def open_repeat(update: Update, context: ShiftContext) -> int:
    """🔁 Repeat… on the last look: once, or a regular shift (常态化岗位)."""
    await ask_repeat(update, context)
    return REPEAT


@staff_only(ACTION)
async def got_repeat(update: Update, context: ShiftContext) -> int:
    """A repeat rule pressed or typed; then the last look again, with the first dates."""
    draft = draft_of(context)
    assert draft.starts_at is not None
    understood, rule = await take_repeat(update, context, draft.starts_at)
    if not understood:
        return REPEAT
    draft.repeat = rule
    await reply(update, confirm_text(draft, context), confirm_keyboard(context))
    return CONFIRM
