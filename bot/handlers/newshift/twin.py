"""A one-liner /newshift that repeats, field for field, a shift the same coordinator posted
minutes ago (a resend, a double tap): asked before a second one is posted."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler

from bot.actions import Action, encode
from bot.attempt import attempt
from bot.context import ShiftContext
from bot.handlers.newshift.draft import posted, posted_buttons
from bot.handlers.presses import query_of
from bot.handlers.staff.guard import staff_only
from bot.pending import Pending
from bot.replies import reply, show
from bot.types import Handler
from data.models import Shift
from data.shifts import ShiftDraft, create_shift

ACTION = "newshift"
# The one-liner waiting for "Post anyway", under the number of the shift it repeats.
WAITING = Pending("newshift_twin", ShiftDraft)


async def ask_before_twin(
    update: Update, context: ShiftContext, twin: Shift, draft: ShiftDraft
) -> None:
    assert twin.id is not None
    _ = context._
    await WAITING.hold(context, twin.id, draft)
    text = _(
        "You posted the same shift a few minutes ago (No. {id}): same title, place, time and "
        "number of volunteers. Post it a second time?"
    ).format(id=twin.id)
    keyboard = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    _("Post anyway"), callback_data=encode(Action.TWIN_POST, twin.id)
                ),
                InlineKeyboardButton(_("Cancel"), callback_data=encode(Action.TWIN_DROP, twin.id)),
            ]
        ]
    )
    await reply(update, text, keyboard)


@staff_only(ACTION)
async def post_anyway(update: Update, context: ShiftContext) -> None:
    waiting = await WAITING.take_pressed(update, context, ACTION)
    if waiting is None:
        return
    await query_of(update).answer()
    shift = await attempt(
        update, context, create_shift, in_place=True, actor_id=context.my_id, draft=waiting[1]
    )
    if shift is None:
        return
    await show(update, posted(shift, context), posted_buttons(shift, context))


@staff_only(ACTION)
async def drop_twin(update: Update, context: ShiftContext) -> None:
    twin_id = await WAITING.drop_pressed(update, context)
    if twin_id is None:
        return
    await show(
        update, context._("Not posted again. Shift No. {id} stays as it is.").format(id=twin_id)
    )


def handlers() -> list[Handler]:
    return [
        CallbackQueryHandler(post_anyway, pattern=Action.TWIN_POST.pattern),
        CallbackQueryHandler(drop_twin, pattern=Action.TWIN_DROP.pattern),
    ]
