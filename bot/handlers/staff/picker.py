"""The picker that /roster, /editshift, /cancelshift and /skip show when no number was typed:
the coordinator's upcoming shifts (regular shifts for /skip), soonest first, five a page."""

from __future__ import annotations

from html import escape

from telegram import Update
from telegram.ext import CallbackQueryHandler

from bot.actions import Action
from bot.context import ShiftContext
from bot.handlers.presses import pressed
from bot.handlers.staff.conversation import answer
from bot.handlers.staff.guard import staff_only
from bot.replies import show
from bot.types import Handler
from bot.views.shift_text import day_label
from bot.views.staff_keyboards import COMMANDS, PAGE_SIZE, SKIP, picker, series_label
from data.localtime import in_zone
from data.models import Shift
from data.series_views import list_series
from data.views import upcoming_shifts


async def show_picker(update: Update, context: ShiftContext, command: int, offset: int) -> None:
    """One page of the picker: sent for the command, edited in place for ‹ Prev / Next ›."""
    services, _ = context.services, context._
    now = services.now()
    if command == SKIP:
        views = await services.store.read(list_series, actor_id=context.my_id, now=now)
        total = len(views)
        offset = max(0, min(offset, max(total - 1, 0) // PAGE_SIZE * PAGE_SIZE))
        entries = [
            (view.series.id or 0, f"{series_label(view.series.id)} · {view.series.title}")
            for view in views[offset : offset + PAGE_SIZE]
        ]
        question, empty = _("Which regular shift?"), _("There are no regular shifts yet.")
    else:
        page = await services.store.read(
            upcoming_shifts, now=now, viewer_id=None, offset=offset, limit=PAGE_SIZE
        )
        total, offset = page.total, page.offset
        entries = [
            (
                view.shift.id or 0,
                _("No. {id}").format(id=view.shift.id)
                + " · "
                + _short(view.shift, context.language),
            )
            for view in page.items
        ]
        question, empty = _("Which shift?"), _("There are no upcoming shifts.")
    if not entries:
        await show(update, empty)
        return
    head = _("{question} ({first}–{last} of {total})").format(
        question=f"<b>{escape(question)}</b>",
        first=offset + 1,
        last=offset + len(entries),
        total=total,
    )
    text = (
        head
        + "\n"
        + _("Tap one, or send /{command} with its number.").format(command=COMMANDS[command])
    )
    await show(update, text, picker(command, entries, offset, total, _))


def _short(shift: Shift, language: str) -> str:
    """``12月6日 周日 15:00 创城问卷宣传``: the start only, so a button fits a phone's width."""
    start = in_zone(shift.starts_at, shift.tz)
    return f"{day_label(shift.starts_at, shift.tz, language)} {start:%H:%M} {shift.title}"


@staff_only("picker")
async def turn_page(update: Update, context: ShiftContext) -> None:
    """‹ Prev / Next ›: another page, in place."""
    args = await pressed(update, context, Action.PICKER_PAGE)
    if args is None:
        return
    await answer(update)
    await show_picker(update, context, *args)


def handlers() -> list[Handler]:
    return [CallbackQueryHandler(turn_page, pattern=Action.PICKER_PAGE.pattern)]
