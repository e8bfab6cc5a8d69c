"""/newshift: post a shift (发布岗位) in one message, or step by step (see ``wizard.py``)."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler, MessageHandler

from bot.actions import Action
from bot.context import ShiftContext
from bot.conversation import END, Flow, Handlers, Step
from bot.handlers.newshift import repeat, twin
from bot.handlers.newshift.draft import posted, posted_buttons
from bot.handlers.newshift.twin import ask_before_twin
from bot.handlers.newshift.wizard import (
    ACTION,
    CAPACITY,
    CONFIRM,
    DAY,
    LOCATION,
    REPEAT,
    TIME,
    TITLE,
    got_capacity,
    got_day,
    got_location,
    got_repeat,
    got_time,
    got_title,
    open_repeat,
    post_draft,
    quit_draft,
    start_wizard,
    use_buttons,
)
from bot.handlers.shiftform import TEXT, pressed_or_typed
from bot.handlers.staff.conversation import command_text, late_buttons
from bot.handlers.staff.guard import staff_only
from bot.parsing import parse_newshift
from bot.replies import refuse, reply
from bot.types import Handler
from data.errors import DomainError
from data.shifts import create_shift, recent_twin


@staff_only(ACTION)
async def start_newshift(update: Update, context: ShiftContext) -> Step:
    """/newshift: with arguments, post at once; without, start the wizard."""
    text = command_text(update)
    if text:
        await post_one_liner(update, context, text)
        return END
    return await start_wizard(update, context)


async def post_one_liner(update: Update, context: ShiftContext, text: str) -> None:
    """``/newshift 2026-12-05 09:00-11:00 | title | place | 6``: nothing is stored unless all is right."""
    services, _ = context.services, context._
    try:
        parsed = parse_newshift(text, now=services.now(), tz=services.settings.timezone)
        if parsed.repeat is not None:  # a sixth part: a regular shift (常态化岗位)
            await repeat.post_one_liner(update, context, parsed.draft, parsed.repeat)
            return
        twin = await services.store.read(
            recent_twin, actor_id=context.my_id, draft=parsed.draft, now=services.now()
        )
        if twin is not None:  # sent twice? asked before a second one is posted
            await ask_before_twin(update, context, twin, parsed.draft)
            return
        shift = await services.store.run(
            create_shift, actor_id=context.my_id, draft=parsed.draft, now=services.now()
        )
    except DomainError as error:
        await refuse(update, context, error)
        return
    await reply(update, posted(shift, context), posted_buttons(shift, context))


def wizard_states() -> dict[str, Handlers]:
    """Which handlers answer at each step."""
    return {
        TITLE: [MessageHandler(TEXT, got_title)],
        DAY: pressed_or_typed(got_day, Action.NEW_DAY),
        TIME: pressed_or_typed(got_time, Action.NEW_TIME),
        LOCATION: pressed_or_typed(got_location, Action.NEW_PLACE),
        CAPACITY: pressed_or_typed(got_capacity, Action.NEW_CAPACITY),
        CONFIRM: [
            CallbackQueryHandler(post_draft, pattern=Action.NEW_POST.pattern),
            CallbackQueryHandler(open_repeat, pattern=Action.NEW_REPEAT.pattern),
            CallbackQueryHandler(staff_only(ACTION)(quit_draft), pattern=Action.NEW_QUIT.pattern),
            MessageHandler(TEXT, use_buttons),
        ],
        REPEAT: pressed_or_typed(got_repeat, Action.NEW_REPEAT_PICK),
    }


def flow() -> Flow:
    """/newshift: the one-liner, or the wizard's steps."""
    return Flow(
        name="newshift",
        entry_points=[CommandHandler("newshift", start_newshift)],
        states=wizard_states(),
        fallbacks=[CommandHandler("cancel", quit_draft)],
    )


def handlers() -> list[Handler]:
    return [
        *twin.handlers(),
        late_buttons(ACTION, *Action.family("ns")),
    ]
