"""What the attendance messages say: the check-in prompt, the coordinator's summary, the digest.

Their buttons are handled in ``bot/handlers/attendance/checkin.py`` (check in, check out) and
``bot/handlers/attendance/summary.py`` (the summary's pages and names).
"""

from __future__ import annotations

from datetime import datetime
from html import escape

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.actions import Action, encode
from bot.i18n import N_, Gettext
from bot.notices.draft import Draft, Notice
from bot.views.shift_text import shift_details, shift_when
from data.attendance import has_coordinates
from data.attendance_close import Summary, SummaryLine
from data.hours import format_hours
from data.localtime import in_zone
from data.models import Attendance, AttendanceStatus, Shift

PAGE = 10
MAX_DIGEST = 30
DIGEST_BUDGET = 3300

STATUS_LABELS: dict[str, str] = {
    AttendanceStatus.PENDING: N_("Not closed yet"),
    AttendanceStatus.PRESENT: N_("Present"),
    AttendanceStatus.LATE: N_("Late"),
    AttendanceStatus.ABSENT: N_("Absent"),
    AttendanceStatus.EXCUSED: N_("Excused"),
}


def status_label(status: str, _: Gettext) -> str:
    return _(STATUS_LABELS.get(status, status))


def hours_text(minutes: int, _: Gettext) -> str:
    """``2.0 h`` / ``2.0 小时``: service hours with one decimal."""
    return _("{hours} h").format(hours=format_hours(minutes))


def clock_time(instant: datetime, tz: str) -> str:
    """``08:42`` in the shift's zone."""
    return in_zone(instant, tz).strftime("%H:%M")


def _button(text: str, action: Action, *args: int) -> InlineKeyboardButton:
    return InlineKeyboardButton(text, callback_data=encode(action, *args))


def checkin_button(shift_id: int, _: Gettext) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[_button(_("✅ Check in"), Action.CHECK_IN, shift_id)]])


def checkout_button(shift_id: int, _: Gettext) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[_button(_("👋 Check out"), Action.CHECK_OUT, shift_id)]])


def render_checkin(draft: Draft) -> Notice | None:
    """To a confirmed volunteer when check-in opens: the shift and a "Check in" button."""
    _, shift = draft._, draft.shift()
    if shift is None or shift.id is None:
        return None
    lines = [
        _("🟢 Check-in is open. Tap “Check in” when you arrive."),
        "",
        shift_details(shift, draft.language, _),
    ]
    if has_coordinates(shift):
        lines += ["", _("I will then ask for your location, to confirm you are at the place.")]
    return Notice("\n".join(lines), checkin_button(shift.id, _))


def record_line(number: int, line: SummaryLine, shift: Shift, _: Gettext) -> str:
    """``1. 李雷 — 出勤 · 08:50–11:05 · 2.0 小时 · 📍✓``."""
    record = line.attendance
    parts = [f"{number}. {escape(line.volunteer.display_name)} — {status_label(record.status, _)}"]
    if record.checked_in_at is not None:
        out = (
            clock_time(record.checked_out_at, shift.tz)
            if record.checked_out_at is not None
            else _("no check-out")
        )
        parts.append(f"{clock_time(record.checked_in_at, shift.tz)}–{out}")
    parts.append(hours_text(record.credited_minutes, _))
    mark = _location_mark(record, shift)
    if mark:
        parts.append(mark)
    return " · ".join(parts)


def _location_mark(record: Attendance, shift: Shift) -> str:
    if not has_coordinates(shift) or record.checked_in_at is None:
        return ""
    if record.location_verified is None:
        return "📍?"
    return "📍✓" if record.location_verified else "📍✗"


def summary_page(
    summary: Summary, offset: int, language: str, _: Gettext
) -> tuple[str, InlineKeyboardMarkup | None]:
    """One page of a shift's attendance summary, with a correction button per record."""
    shift, lines = summary.shift, summary.lines
    assert shift.id is not None
    offset = max(0, min(offset, max(len(lines) - 1, 0) // PAGE * PAGE))
    counts = dict.fromkeys(STATUS_LABELS, 0)
    for line in lines:
        counts[line.attendance.status] = counts.get(line.attendance.status, 0) + 1
    total = sum(line.attendance.credited_minutes for line in lines)
    text = [
        _("📋 <b>Attendance</b> · No. {id}").format(id=shift.id),
        shift_details(shift, language, _),
        "",
        _("Present {present} · Late {late} · Absent {absent} · Excused {excused}").format(
            present=counts[AttendanceStatus.PRESENT],
            late=counts[AttendanceStatus.LATE],
            absent=counts[AttendanceStatus.ABSENT],
            excused=counts[AttendanceStatus.EXCUSED],
        ),
        _("Service hours in all: {hours}").format(hours=hours_text(total, _)),
        "",
    ]
    page = lines[offset : offset + PAGE]
    text += [record_line(offset + i + 1, line, shift, _) for i, line in enumerate(page)]
    if len(lines) > PAGE:
        text.append(
            _("Showing {first}–{last} of {total}.").format(
                first=offset + 1, last=offset + len(page), total=len(lines)
            )
        )
    text += ["", _("Tap a name to correct their record.")]
    return "\n".join(text), _summary_buttons(shift.id, page, offset, len(lines), _)


def _summary_buttons(
    shift_id: int, page: list[SummaryLine], offset: int, total: int, _: Gettext
) -> InlineKeyboardMarkup:
    fixes = [
        _button(
            f"✏️ {offset + i + 1}. {line.volunteer.display_name[:20]}", Action.OPEN_RECORD, _id(line)
        )
        for i, line in enumerate(page)
    ]
    rows = [fixes[i : i + 2] for i in range(0, len(fixes), 2)]
    nav = []
    if offset > 0:
        nav.append(_button("‹", Action.SUMMARY_PAGE, shift_id, max(offset - PAGE, 0)))
    if offset + PAGE < total:
        nav.append(_button("›", Action.SUMMARY_PAGE, shift_id, offset + PAGE))
    if nav:
        rows.append(nav)
    # At most PAGE names (PAGE / 2 rows) and one nav row: the roster row stays far under 100.
    rows.append([_button(_("📋 Roster"), Action.STAFF_ROSTER, shift_id)])
    return InlineKeyboardMarkup(rows)


def _id(line: SummaryLine) -> int:
    assert line.attendance.id is not None
    return line.attendance.id


def render_attendance_summary(draft: Draft) -> Notice | None:
    """To the coordinator once a shift's attendance closes: every record, with correction buttons."""
    summary = draft.facts.summary
    if summary is None or not summary.lines:
        return None
    text, markup = summary_page(summary, 0, draft.language, draft._)
    return Notice(text, markup)


def render_digest(draft: Draft) -> Notice | None:
    """To a coordinator each morning: understaffed shifts of the next 72 hours (缺员)."""
    _, found = draft._, draft.facts.understaffed
    if not found:
        return None
    lines = [_("☀️ <b>Understaffed shifts in the next 72 hours</b>"), ""]
    shown, size = 0, 0
    for entry in found[:MAX_DIGEST]:
        shift = entry.shift
        block = [
            f"• <b>{escape(shift_when(shift, draft.language))}</b> "
            f"{escape(shift.title)} · {escape(shift.location)}",
            "  "
            + _("No. {id}: {taken}/{capacity} signed up, {missing} missing").format(
                id=shift.id, taken=entry.confirmed, capacity=shift.capacity, missing=entry.missing
            ),
        ]
        size += sum(len(line) + 1 for line in block)
        if size > DIGEST_BUDGET:  # long titles: Telegram refuses a text over 4096 characters
            break
        lines += block
        shown += 1
    if len(found) > shown:
        lines.append(_("…and {count} more.").format(count=len(found) - shown))
    lines += ["", _("Tap a shift to open its card: roster, edit, cancel.")]
    cards = [
        [
            InlineKeyboardButton(
                (_("No. {id}").format(id=entry.shift.id) + f" · {entry.shift.title}")[:40],
                callback_data=encode(Action.SHIFT_CARD, entry.shift.id or 0, 0),
            )
        ]
        for entry in found[:shown]
    ]
    return Notice("\n".join(lines), InlineKeyboardMarkup(cards))
