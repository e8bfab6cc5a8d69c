"""What the messages about one shift say: reminders, a promotion from the waitlist, a changed or
cancelled shift, an unreachable volunteer, and a volunteer who can't come.
"""

from __future__ import annotations

from datetime import datetime
from html import escape

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.actions import Action, encode
from bot.i18n import Gettext
from bot.notices.draft import Draft, Notice, name_list
from bot.views.shift_text import shift_details, shift_when, when
from bot.views.staff_keyboards import staff_rows
from bot.views.starts_when import starts_when
from data.booking import has_started
from data.models import Shift, ShiftStatus


def reminder_buttons(shift_id: int, _: Gettext) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    _("✅ I'll be there"), callback_data=encode(Action.COMING, shift_id)
                ),
                InlineKeyboardButton(
                    _("🙅 I can't come"), callback_data=encode(Action.NOT_COMING, shift_id, 0)
                ),
            ]
        ]
    )


def render_reminder(draft: Draft) -> Notice | None:
    """Date, time, place, who else is on it, and the two answers."""
    _, shift = draft._, draft.shift()
    if shift is None or shift.id is None:
        return None
    others = [name for vid, name in draft.names_on() if vid != draft.recipient.id]
    details = draft.once(
        ("details", shift.id, draft.language), lambda: shift_details(shift, draft.language, _)
    )
    soon = starts_when(shift.starts_at, shift.tz, draft.now, draft.language, _)
    lines = [_("⏰ Reminder: your shift {starts}.").format(starts=escape(soon)), "", details]
    if others:
        lines.append(_("👥 Also on it: {names}").format(names=name_list(others, draft.language, _)))
    else:
        lines.append(_("👥 You are the only one signed up so far."))
    if draft.facts.said_coming:  # asked once is enough: they said they will be there
        lines += ["", _("You said you will be there. See you!")]
        return Notice("\n".join(lines))
    lines += ["", _("Can you make it?")]
    buttons = draft.once(
        ("buttons", shift.id, draft.language), lambda: reminder_buttons(shift.id or 0, _)
    )
    return Notice("\n".join(lines), buttons)


def render_promoted(draft: Draft) -> Notice | None:
    _, shift = draft._, draft.shift()
    if shift is None:
        return None
    head = _("🎉 A seat opened up: you moved up from the waitlist and are now signed up.")
    tail = _("Can't make it after all? Cancel in /my so the next person waiting gets the seat.")
    return Notice(f"{head}\n\n{shift_details(shift, draft.language, _)}\n\n{tail}")


def render_shift_changed(draft: Draft) -> Notice | None:
    _, shift = draft._, draft.shift()
    if shift is None:
        return None
    lines = [_("✏️ A shift you signed up for has a new time."), ""]
    old_start, old_end = draft.payload.get("old_start"), draft.payload.get("old_end")
    if old_start and old_end:
        was = when(
            datetime.fromisoformat(old_start),
            datetime.fromisoformat(old_end),
            shift.tz,
            draft.language,
        )
        lines.append(_("Was: <s>{when}</s>").format(when=escape(was)))
    lines.append(shift_details(shift, draft.language, _))
    return Notice("\n".join(lines))


def render_shift_cancelled(draft: Draft) -> Notice | None:
    _, shift = draft._, draft.shift()
    if shift is None:
        return None
    lines = [_("❌ This shift has been cancelled; there is no need to come."), ""]
    lines.append(shift_details(shift, draft.language, _))
    if shift.cancel_reason:
        lines.append(_("Reason: {reason}").format(reason=escape(shift.cancel_reason)))
    return Notice("\n".join(lines))


def _shift_line(shift: Shift, language: str) -> str:
    return (
        f"• {escape(shift_when(shift, language))} {escape(shift.title)} · {escape(shift.location)}"
    )


MAX_LISTED = 20
# Titles and places may be 200 characters each: keep the list under Telegram's 4096.
LISTED_BUDGET = 3300


def render_unreachable(draft: Draft) -> Notice | None:
    """To a coordinator: a volunteer on their shifts blocked the bot and gets no more messages."""
    _, payload = draft._, draft.payload
    name = escape(draft.name_of(int(payload.get("volunteer_id", 0))))
    shifts = [draft.shift(int(i)) for i in payload.get("shift_ids", [])]
    lines = [
        _("⚠️ {name} has blocked the bot and will get no more reminders or notices.").format(
            name=name
        ),
        _("They are signed up for:"),
    ]
    listed = [s for s in shifts if s is not None]
    # A daily standing sign-up can hold dozens of seats; keep the notice within one message.
    shown, size = 0, 0
    for shift in listed[:MAX_LISTED]:
        line = _shift_line(shift, draft.language)
        size += len(line) + 1
        if size > LISTED_BUDGET:
            break
        lines.append(line)
        shown += 1
    if len(listed) > shown:
        lines.append(_("…and {count} more.").format(count=len(listed) - shown))
    lines.append(_("Please contact them another way, or find a replacement."))
    return Notice("\n".join(lines))


def render_dropout(draft: Draft) -> Notice | None:
    """To a coordinator: a volunteer answered a reminder with "I can't come"."""
    _, shift, payload = draft._, draft.shift(), draft.payload
    if shift is None or shift.id is None:
        return None
    name = escape(draft.name_of(int(payload.get("volunteer_id", 0))))
    lines = [_("🙅 {name} can't come and has released their seat.").format(name=name), ""]
    lines.append(shift_details(shift, draft.language, _))
    promoted = [draft.name_of(int(i)) for i in payload.get("promoted_ids", [])]
    if promoted:
        lines.append(
            _("⬆️ Moved up from the waitlist: {names}").format(
                names=name_list(promoted, draft.language, _)
            )
        )
    taken = len(draft.names_on())
    lines.append(_("👥 {taken}/{capacity} signed up").format(taken=taken, capacity=shift.capacity))
    # The card's own buttons: the coordinator finds a replacement from the roster or edits.
    editable = shift.status == ShiftStatus.OPEN and not has_started(shift, draft.now)
    return Notice("\n".join(lines), InlineKeyboardMarkup(staff_rows(shift, editable, _)))
