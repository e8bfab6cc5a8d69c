"""The attendance summary as a coordinator browses it: ‹ › pages and a name that opens that
record with its history and correction buttons. The correction steps behind those buttons are in
``corrections.py``, which also uses :func:`load_record`.
"""

from __future__ import annotations

from telegram import Update

from bot.context import ShiftContext
from bot.handlers.attendance.record_card import record_buttons, record_card
from bot.handlers.presses import pressed, query_of
from bot.handlers.staff.guard import staff_only
from bot.notices.attendance import summary_page
from bot.replies import refuse, show
from data.attendance_close import summary_for_staff
from data.corrections import RecordView, attendance_record
from data.errors import DomainError

ACTION = "correct"


async def load_record(
    update: Update, context: ShiftContext, attendance_id: int
) -> RecordView | None:
    """The record as the coordinator may see it; None once refused (and told why)."""
    try:
        return await context.services.store.read(
            attendance_record, actor_id=context.my_id, attendance_id=attendance_id
        )
    except DomainError as error:
        await refuse(update, context, error)
        return None


@staff_only(ACTION)
async def turn_page(update: Update, context: ShiftContext) -> None:
    """‹ › on the summary, and "Back to the summary" from a record."""
    args = await pressed(update, context)
    if args is None:
        return
    try:
        summary = await context.services.store.read(
            summary_for_staff, actor_id=context.my_id, shift_id=args[0]
        )
    except DomainError as error:
        await refuse(update, context, error)
        return
    await query_of(update).answer()
    await show(update, *summary_page(summary, args[1], context.language, context._))


@staff_only(ACTION)
async def open_record(update: Update, context: ShiftContext) -> None:
    """A name on the summary: that record, its history and the correction buttons."""
    args = await pressed(update, context)
    if args is None:
        return
    view = await load_record(update, context, args[0])
    if view is None:
        return
    await query_of(update).answer()
    await show(
        update, record_card(view, context.language, context._), record_buttons(view, context._)
    )
