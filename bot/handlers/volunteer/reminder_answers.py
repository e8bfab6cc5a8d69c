"""The answers under a reminder: "I'll be there", and "I can't come" (asked once more, then the
seat is released: the waitlist moves up and the coordinator is told)."""

from __future__ import annotations

from html import escape

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler

from bot.actions import Action, encode
from bot.attempt import attempt
from bot.context import ShiftContext
from bot.handlers.presses import pressed, query_of
from bot.replies import show
from bot.types import Handler
from data.reminders import drop_out, record_coming, waiting_behind

ASK, SURE = 0, 1  # second argument of Action.NOT_COMING: ask first, or release for real


def _reminder_text(update: Update) -> str:
    """The reminder as it reads now, without whatever answer was appended to it before."""
    message = query_of(update).message
    text = getattr(message, "text_html", None) or ""
    return text.split("\n\n—\n", 1)[0]


def _answered(update: Update, answer: str) -> str:
    return f"{_reminder_text(update)}\n\n—\n{answer}"


async def say_coming(update: Update, context: ShiftContext) -> None:
    """I'll be there: thanks, and the buttons go away (also the "keep my place" answer)."""
    args = await pressed(update, context)
    if args is None:
        return
    kept = await attempt(
        update, context, record_coming, volunteer_id=context.my_id, shift_id=args[0]
    )
    if kept is None:  # kept: the later reminder does not ask again
        return
    _ = context._
    await query_of(update).answer(_("Thank you!"))
    await show(update, _answered(update, _("✅ You said you will be there. See you!")))


async def say_not_coming(update: Update, context: ShiftContext) -> None:
    """I can't come: ask once whether to release the place, then release it."""
    args = await pressed(update, context)
    if args is None:
        return
    shift_id, step = args
    if step == ASK:
        await _ask(update, context, shift_id)
        return
    result = await attempt(update, context, drop_out, volunteer_id=context.my_id, shift_id=shift_id)
    if result is None:
        return
    context.services.kick()  # the coordinator and anyone promoted are owed a message now
    _ = context._
    await query_of(update).answer(_("Your place is released."))
    note = _("🙅 You gave up your place on {title}. Thank you for letting us know.").format(
        title=escape(result.shift.title)
    )
    await show(update, _answered(update, note))


async def _ask(update: Update, context: ShiftContext, shift_id: int) -> None:
    waiting = await attempt(
        update, context, waiting_behind, write=False, volunteer_id=context.my_id, shift_id=shift_id
    )
    if waiting is None:
        return
    _ = context._
    buttons = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    _("Yes, release my place"),
                    callback_data=encode(Action.NOT_COMING, shift_id, SURE),
                ),
                InlineKeyboardButton(
                    _("No, I'll come"), callback_data=encode(Action.COMING, shift_id)
                ),
            ]
        ]
    )
    await query_of(update).answer()
    if waiting:
        question = _("Give up your place? Someone on the waitlist can take it.")
    else:
        question = _("Give up your place? The coordinator will be told.")
    await show(update, _answered(update, question), buttons)


def handlers() -> list[Handler]:
    return [
        CallbackQueryHandler(say_coming, pattern=Action.COMING.pattern),
        CallbackQueryHandler(say_not_coming, pattern=Action.NOT_COMING.pattern),
    ]
