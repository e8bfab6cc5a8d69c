"""How a record reads to a coordinator correcting it, with its correction buttons."""

from __future__ import annotations

from html import escape

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.actions import Action, encode
from bot.i18n import N_, Gettext
from bot.notices.attendance import clock_time, hours_text, status_label
from bot.views.shift_text import day_label, shift_details
from data.attendance import has_coordinates
from data.corrections import CORRECTABLE, ChangeLine, RecordView

SHOWN_CHANGES = 8

_FIELDS = {"status": N_("status"), "credited_minutes": N_("minutes")}


def record_card(view: RecordView, language: str, _: Gettext) -> str:
    """Whose record, its status, times, place check, hours and every change with who and why."""
    record, shift = view.attendance, view.shift
    lines = [
        _("✏️ <b>Record of {name}</b>").format(name=escape(view.volunteer.display_name)),
        shift_details(shift, language, _),
        "",
        _("Status: {status}").format(status=status_label(record.status, _)),
    ]
    if record.checked_in_at is None:
        lines.append(_("Check-in: none"))
    else:
        checked_in = clock_time(record.checked_in_at, shift.tz)
        lines.append(_("Check-in: {time}").format(time=checked_in) + _place(view, _))
        out = record.checked_out_at
        lines.append(
            _("Check-out: {time}").format(time=clock_time(out, shift.tz))
            if out is not None
            else _("Check-out: none (credited to the scheduled end)")
        )
    lines.append(
        _("Service hours: {hours} ({minutes} min)").format(
            hours=hours_text(record.credited_minutes, _), minutes=record.credited_minutes
        )
    )
    if view.changes:
        lines += ["", _("<b>Changes</b>")]
        # The newest few: a record corrected again and again must still fit one message.
        earlier = len(view.changes) - SHOWN_CHANGES
        if earlier > 0:
            lines.append(_("…and {count} more.").format(count=earlier))
        lines += [change_line(line, view, language, _) for line in view.changes[-SHOWN_CHANGES:]]
    return "\n".join(lines)


def _place(view: RecordView, _: Gettext) -> str:
    if not has_coordinates(view.shift):
        return ""
    verified = view.attendance.location_verified
    if verified is None:
        return " · " + _("location not shared")
    return " · " + (_("at the place") if verified else _("away from the place"))


def change_line(line: ChangeLine, view: RecordView, language: str, _: Gettext) -> str:
    """``12月3日 周四 14:05 王芳: status 缺勤 → 出勤 — reason``."""
    change, tz = line.change, view.shift.tz
    when = f"{day_label(change.changed_at, tz, language)} {clock_time(change.changed_at, tz)}"
    who = escape(line.by.display_name) if line.by is not None else "?"
    old, new = change.old_value or "", change.new_value or ""
    if change.field == "status":
        old, new = status_label(old, _), status_label(new, _)
    field = _(_FIELDS.get(change.field, change.field))
    return f"{when} {who}: {field} {escape(old)} → {escape(new)} — {escape(change.reason)}"


def record_buttons(view: RecordView, _: Gettext) -> InlineKeyboardMarkup:
    """Present / Absent / Excused (the current one ticked), change minutes, back to the summary."""
    record = view.attendance
    assert record.id is not None and view.shift.id is not None
    statuses = []
    for code, status in enumerate(CORRECTABLE):
        label = status_label(status, _)
        if record.status == status:
            label = f"✓ {label}"
        statuses.append(
            InlineKeyboardButton(label, callback_data=encode(Action.SET_STATUS, record.id, code))
        )
    minutes = InlineKeyboardButton(
        _("⏱ Change minutes"), callback_data=encode(Action.SET_MINUTES, record.id)
    )
    back = InlineKeyboardButton(
        _("‹ Back to the summary"), callback_data=encode(Action.SUMMARY_PAGE, view.shift.id, 0)
    )
    return InlineKeyboardMarkup([statuses, [minutes], [back]])
