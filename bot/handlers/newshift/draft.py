"""The /newshift draft and how it reads: the answers so far, step headings, the last look with
its buttons, and the reply to a posted shift. The step handlers are in ``wizard.py``.
"""

from __future__ import annotations

from datetime import date, datetime
from html import escape

from pydantic import BaseModel, Field
from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.actions import Action, encode
from bot.context import ShiftContext
from bot.handlers.newshift.repeat import repeat_button, repeat_lines
from bot.handlers.shiftform import zone
from bot.views.shift_text import shift_card, when
from bot.views.staff_keyboards import staff_rows
from data.models import Shift
from data.recurrence import RepeatRule
from data.views import ShiftView

STEPS = 5
KEY = "newshift"


class NewShift(BaseModel):
    """The wizard's answers so far (kept in the database between steps)."""

    title: str = ""
    day: date | None = None
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    location: str = ""
    capacity: int = 0
    repeat: RepeatRule | None = None  # None: a one-off shift
    recent: list[str] = Field(default_factory=list)


def draft_of(context: ShiftContext) -> NewShift:
    """The answers so far; a fresh draft when there are none."""
    return context.recall(KEY, NewShift) or NewShift()


async def save_draft(context: ShiftContext, draft: NewShift) -> None:
    await context.keep(KEY, draft)


def step(context: ShiftContext, number: int) -> str:
    """``Step 2 of 5`` above a prompt."""
    return "<b>{}</b>\n".format(
        context._("Step {step} of {steps}").format(step=number, steps=STEPS)
    )


def posted(shift: Shift, context: ShiftContext) -> str:
    """The reply to a posted shift: its number, its card, and what to do with it next."""
    _ = context._
    card = shift_card(ShiftView(shift, 0, 0), context.language, _)
    return "\n\n".join([_("✅ Posted shift No. {id}.").format(id=shift.id), card])


def posted_buttons(shift: Shift, context: ShiftContext) -> InlineKeyboardMarkup:
    """Roster, Edit, Cancel under the posted shift: the commands, without typing its number."""
    return InlineKeyboardMarkup(staff_rows(shift, True, context._))


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
            _.ngettext(
                "👥 {capacity} volunteer needed", "👥 {capacity} volunteers needed", draft.capacity
            ).format(capacity=draft.capacity),
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
                InlineKeyboardButton(_("✅ Post"), callback_data=encode(Action.NEW_POST)),
                InlineKeyboardButton(_("✖️ Cancel"), callback_data=encode(Action.NEW_QUIT)),
            ],
            [repeat_button(context)],
        ]
    )
