"""/my: the volunteer's upcoming shifts and waitlist places, and cancelling one after a confirmation."""

from __future__ import annotations

from html import escape

from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot.actions import Action
from bot.context import ShiftContext
from bot.handlers.presses import pressed, query_of
from bot.handlers.volunteer import browse
from bot.replies import refuse, show
from bot.types import Handler
from bot.views import keyboards
from bot.views.series_cards import standing_part
from bot.views.shift_text import shift_details, shift_line
from data.booking import cancel_refusal
from data.errors import DomainError, NotFound
from data.models import SignupStatus
from data.my_places import my_places
from data.signups import cancel_signup
from data.views import ShiftView, shift_view

# Telegram allows 4096 characters a message (and 100 buttons); /my is edited in place, so it is
# one message: the soonest places are listed, the rest counted (each card in /shifts has them).
BUDGET = 3500
MAX_LISTED = 30


def fitting(entries: list[str], budget: int) -> int:
    """How many of ``entries`` (soonest first) fit in ``budget`` characters, at most MAX_LISTED."""
    used, count = 0, 0
    for entry in entries[:MAX_LISTED]:
        used += len(entry) + 2
        if used > budget:
            break
        count += 1
    return count


async def list_mine(update: Update, context: ShiftContext) -> None:
    """/my: every upcoming seat and waitlist place, soonest first, each with a cancel button."""
    await show_mine(update, context)


async def show_mine(update: Update, context: ShiftContext, note: str | None = None) -> None:
    _ = context._
    services = context.services
    now = services.now()
    mine = await services.store.read(my_places, volunteer_id=context.my_id, now=now)
    regular = standing_part(context, mine)  # standing sign-ups are listed apart
    views = listed = regular.singles
    if views:
        entries = [
            f"{i}. {shift_line(view, context.language, _)}" for i, view in enumerate(views, start=1)
        ]
        shown = fitting(entries, BUDGET - len(regular.text))
        listed = views[:shown]  # a cancel button for each place listed, none for the rest
        text = "\n\n".join([_("<b>My shifts</b>"), *entries[:shown]])
        if shown < len(entries):
            text += "\n\n" + _("…and {count} more.").format(count=len(entries) - shown)
    else:
        text = _("You have no upcoming shifts or waitlist places. /shifts lists the open ones.")
    text = regular.around(text, bool(views))
    if note:
        text = f"{note}\n\n{text}"
    await show(update, text, regular.markup(keyboards.my_places(listed, now, _)))


async def ask_to_cancel(update: Update, context: ShiftContext) -> None:
    """A cancel button: ask "are you sure?" in place, with the shift's details."""
    args = await pressed(update, context)
    if args is None:
        return
    shift_id, origin, offset = args
    try:
        view = await context.services.store.read(
            shift_view, shift_id=shift_id, viewer_id=context.my_id
        )
    except NotFound as error:
        await refuse(update, context, error)
        return
    # The card or list the button was on may be stale: ask the rule cancelling would meet now.
    problem = cancel_refusal(view.shift, view.my_status, context.services.now())
    if problem is not None:
        await refuse(update, context, problem)
        await _back(update, context, shift_id, origin, offset)
        return
    await query_of(update).answer()
    await show(
        update,
        _question(view, context),
        keyboards.confirm_cancel(shift_id, origin, offset, context._),
    )


def _question(view: ShiftView, context: ShiftContext) -> str:
    _ = context._
    details = shift_details(view.shift, context.language, _)
    if view.my_status == SignupStatus.WAITLISTED:
        return "\n\n".join([_("Leave the waitlist for this shift?"), details])
    lines = [_("Cancel your place on this shift?"), details]
    if view.waitlisted:
        lines.append(_("The first volunteer on the waitlist will get your place."))
    return "\n\n".join(lines)


async def cancel_place(update: Update, context: ShiftContext) -> None:
    """Yes, cancel: give up the place; a freed seat goes to the first waitlisted volunteer."""
    args = await pressed(update, context)
    if args is None:
        return
    shift_id, origin, offset = args
    services = context.services
    try:
        result = await services.store.run(
            cancel_signup,
            volunteer_id=context.my_id,
            shift_id=shift_id,
            now=services.now(),
            policy=services.policy,
        )
    except NotFound as error:
        await refuse(update, context, error)
        return
    except DomainError as error:
        await refuse(update, context, error)
        await _back(update, context, shift_id, origin, offset)
        return
    if result.promoted_ids:
        services.kick()  # the promoted volunteer is owed a message now, not at the next tick
    _ = context._
    done = _("Your place is cancelled.") if result.was_confirmed else _("You left the waitlist.")
    await query_of(update).answer(done)
    note = _("Cancelled: {title}.").format(title=escape(result.shift.title))
    await _back(update, context, shift_id, origin, offset, note)


async def keep_place(update: Update, context: ShiftContext) -> None:
    """Keep it: nothing changes; back to where the question was asked."""
    args = await pressed(update, context)
    if args is None:
        return
    shift_id, origin, offset = args
    await query_of(update).answer()
    await _back(update, context, shift_id, origin, offset)


async def _back(
    update: Update,
    context: ShiftContext,
    shift_id: int,
    origin: int,
    offset: int,
    note: str | None = None,
) -> None:
    if origin == keyboards.FROM_CARD:
        await browse.refresh_card(update, context, shift_id, offset, note)
    else:
        await show_mine(update, context, note)


def handlers() -> list[Handler]:
    return [
        CommandHandler("my", list_mine),
        CallbackQueryHandler(ask_to_cancel, pattern=Action.ASK_CANCEL.pattern),
        CallbackQueryHandler(cancel_place, pattern=Action.CANCEL_PLACE.pattern),
        CallbackQueryHandler(keep_place, pattern=Action.KEEP_PLACE.pattern),
    ]
