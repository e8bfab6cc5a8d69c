"""Standing sign-ups (长期报名) for volunteers: "Sign up for every one" on an occurrence's card,
and from /my, skip one occurrence or end the standing sign-up (each after a confirmation).

"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import Any, TypeVar

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler

from bot.actions import Action, encode
from bot.attempt import attempt
from bot.context import ShiftContext
from bot.handlers.presses import pressed, query_of
from bot.handlers.staff.roster import chunks
from bot.handlers.volunteer import browse, mine
from bot.replies import refuse, show
from bot.types import Handler
from bot.views.series_text import rule_with_time
from bot.views.shift_text import shift_details, shift_when
from data.errors import DomainError
from data.series_base import NotInSeries, get_series, series_rule
from data.shifts import get_shift
from data.signups import CancelResult
from data.standing import (
    CLASH,
    TAKEN,
    WAITLISTED,
    EndResult,
    StandingResult,
    end_standing,
    skip_occurrence,
    start_standing,
)

R = TypeVar("R", CancelResult, EndResult)


async def sign_up_for_every_one(update: Update, context: ShiftContext) -> None:
    """🔁 Sign up for every one: every occurrence ahead now, each new one as it is posted."""
    args = await pressed(update, context)
    if args is None:
        return
    shift_id, offset = args
    services = context.services
    try:
        shift = await services.store.read(get_shift, shift_id=shift_id)
        if shift.series_id is None:
            raise NotInSeries(shift=shift)
        result = await services.store.run(
            start_standing,
            volunteer_id=context.my_id,
            series_id=shift.series_id,
            now=services.now(),
            policy=services.policy,
        )
    except DomainError as error:
        await refuse(update, context, error)
        return
    await query_of(update).answer()
    await browse.refresh_card(update, context, shift_id, offset)
    series = await services.store.read(get_series, series_id=shift.series_id)
    rule = rule_with_time(series_rule(series), series, context.language)
    assert update.effective_chat is not None
    # One line per waitlisted or clashing date: a daily series can outgrow one message.
    for part in chunks(_summary(result, escape(series.title), rule, context).split("\n")):
        await update.effective_chat.send_message(part, parse_mode="HTML")


def _summary(result: StandingResult, title: str, rule: str, context: ShiftContext) -> str:
    """What the standing sign-up got: seats, waitlist places, and the clashes left out."""
    _, language = context._, context.language
    lines = [
        _("🔁 You signed up for every occurrence of {title} ({rule}).").format(
            title=title, rule=rule
        )
    ]
    taken = result.having(TAKEN)
    if taken:
        ahead = _.ngettext(
            "✅ Signed up for {count} date ahead.",
            "✅ Signed up for {count} dates ahead.",
            len(taken),
        )
        lines.append(ahead.format(count=len(taken)))
    waiting = result.having(WAITLISTED)
    if waiting:
        lines.append(_("⏳ Full, so you are on the waitlist for:"))
        position = _("position {position}")
        lines += [
            f"• {escape(shift_when(s.shift, language))} · {position.format(position=s.position)}"
            for s in waiting
        ]
    clashes = result.having(CLASH)
    if clashes:
        lines.append(_("⚠️ Left out, because they overlap your other shifts:"))
        for seat in clashes:
            assert seat.clash is not None
            other = f"{escape(seat.clash.title)}, {escape(shift_when(seat.clash, language))}"
            lines.append(f"• {escape(shift_when(seat.shift, language))} ↔ {other}")
    lines.append(
        _(
            "New dates are added as they are posted. /my shows them; you can skip one or end it there."
        )
    )
    return "\n".join(lines)


async def ask_to_skip(update: Update, context: ShiftContext) -> None:
    """⏭ Skip: are you sure? The rest of the standing sign-up stays."""
    args = await pressed(update, context)
    if args is None:
        return
    shift = await attempt(update, context, get_shift, write=False, shift_id=args[0])
    if shift is None:
        return
    _ = context._
    text = "\n\n".join(
        [
            _(
                "Skip this occurrence? Your place goes to the waitlist; your standing sign-up goes on."
            ),
            shift_details(shift, context.language, _),
        ]
    )
    await query_of(update).answer()
    await show(update, text, _confirm(Action.SKIP, args[0], _("Yes, skip it"), context))


async def skip_one(update: Update, context: ShiftContext) -> None:
    """Yes, skip it: the seat is released and the first waitlisted volunteer gets it (and is told)."""
    released = await _release(update, context, skip_occurrence, "shift_id")
    if released is None:
        return
    _, result = released
    _ = context._
    await query_of(update).answer(_("Skipped."))
    note = _("Skipped: {title}, {when}. Your standing sign-up goes on.").format(
        title=escape(result.shift.title), when=escape(shift_when(result.shift, context.language))
    )
    await mine.show_mine(update, context, note)


async def ask_to_end(update: Update, context: ShiftContext) -> None:
    """⏹ End: are you sure? Every place ahead from it is released."""
    args = await pressed(update, context)
    if args is None:
        return
    series = await attempt(update, context, get_series, write=False, series_id=args[0])
    if series is None:
        return
    _ = context._
    text = _("End your standing sign-up for {title}? Your places ahead go to the waitlist.").format(
        title=escape(series.title)
    )
    await query_of(update).answer()
    await show(update, text, _confirm(Action.END_STANDING, args[0], _("Yes, end it"), context))


async def end_one(update: Update, context: ShiftContext) -> None:
    """Yes, end it: the standing sign-up stops and its places ahead are released."""
    released = await _release(update, context, end_standing, "series_id")
    if released is None:
        return
    series_id, result = released
    # Never refused: the series the standing sign-up just ended on is still there.
    series = await context.services.store.read(get_series, series_id=series_id)
    _ = context._
    await query_of(update).answer(_("Ended."))
    count = len(result.released)
    note = _.ngettext(
        "Your standing sign-up for {title} has ended; {count} place was released.",
        "Your standing sign-up for {title} has ended; {count} places were released.",
        count,
    ).format(title=escape(series.title), count=count)
    await mine.show_mine(update, context, note)


async def _release(
    update: Update, context: ShiftContext, release: Callable[..., R], key: str
) -> tuple[int, R] | None:
    """Give up the volunteer's places by ``release`` of the pressed shift or series (its number
    passed as ``key``); a refusal is told and /my shown again."""
    args = await pressed(update, context)
    if args is None:
        return None
    pressed_one: dict[str, Any] = {key: args[0]}
    result = await attempt(update, context, release, volunteer_id=context.my_id, **pressed_one)
    if result is None:
        await mine.show_mine(update, context)
        return None
    if result.promoted_ids:
        context.services.kick()
    return args[0], result


async def back_to_mine(update: Update, context: ShiftContext) -> None:
    """Keep it: nothing changes; back to /my."""
    await query_of(update).answer()
    await mine.show_mine(update, context)


def _confirm(action: Action, ref: int, yes: str, context: ShiftContext) -> InlineKeyboardMarkup:
    keep = InlineKeyboardButton(context._("Keep it"), callback_data=encode(Action.BACK_TO_MINE))
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(yes, callback_data=encode(action, ref)), keep]]
    )


def handlers() -> list[Handler]:
    return [
        CallbackQueryHandler(sign_up_for_every_one, pattern=Action.STAND.pattern),
        CallbackQueryHandler(ask_to_skip, pattern=Action.ASK_SKIP.pattern),
        CallbackQueryHandler(skip_one, pattern=Action.SKIP.pattern),
        CallbackQueryHandler(ask_to_end, pattern=Action.ASK_END.pattern),
        CallbackQueryHandler(end_one, pattern=Action.END_STANDING.pattern),
        CallbackQueryHandler(back_to_mine, pattern=Action.BACK_TO_MINE.pattern),
    ]
