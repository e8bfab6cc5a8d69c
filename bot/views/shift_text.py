"""How shifts read on a phone: dates as the glossary writes them, cards, list lines. HTML-escaped."""

from __future__ import annotations

from datetime import date, datetime
from html import escape

from babel.dates import format_date

from bot.i18n import Gettext
from data.localtime import in_zone, local_date
from data.models import Shift, ShiftStatus, SignupStatus
from data.views import ShiftView

_DATE_PATTERNS = {"zh": "M月d日 EEE", "en": "EEE d MMM"}
_FULL_DATE_PATTERNS = {"zh": "y年M月d日", "en": "d MMM y"}


def day_label(instant: datetime, tz: str, language: str) -> str:
    """``12月5日 周五`` / ``Fri 5 Dec`` (CLDR month and weekday names via Babel)."""
    return date_label(local_date(instant, tz), language)


def date_label(day: date, language: str) -> str:
    """``2月10日 周三`` / ``Wed 10 Feb`` for a local date."""
    return format_date(day, _DATE_PATTERNS[language], locale=language)


def full_date(day: date, language: str) -> str:
    """``2027年3月31日`` / ``31 Mar 2027``: a date with its year (an end date, a period)."""
    pattern = _FULL_DATE_PATTERNS.get(language, _FULL_DATE_PATTERNS["en"])
    return format_date(day, pattern, locale=language)


def when(starts_at: datetime, ends_at: datetime, tz: str, language: str) -> str:
    """``12月5日 周五 09:00–11:00``; an end on another day carries its own date."""
    start, end = in_zone(starts_at, tz), in_zone(ends_at, tz)
    text = f"{day_label(starts_at, tz, language)} {start:%H:%M}–"
    if end.date() != start.date():
        text += f"{day_label(ends_at, tz, language)} "
    return text + f"{end:%H:%M}"


def shift_when(shift: Shift, language: str) -> str:
    return when(shift.starts_at, shift.ends_at, shift.tz, language)


def seats(view: ShiftView, _: Gettext) -> str:
    """``3/6`` seats taken, plus the waitlist length when there is one."""
    text = _("{taken}/{capacity} signed up").format(
        taken=view.confirmed, capacity=view.shift.capacity
    )
    if view.waitlisted:
        text += _(", {count} waiting").format(count=view.waitlisted)
    return text


def my_state(view: ShiftView, _: Gettext) -> str:
    if view.my_status == SignupStatus.CONFIRMED:
        return _("✅ You are signed up")
    if view.my_status == SignupStatus.WAITLISTED:
        return _("⏳ Waitlist position {position}").format(position=view.my_position)
    return ""


def shift_line(view: ShiftView, language: str, _: Gettext) -> str:
    """One shift in a list: time, title, place, seats, the viewer's own state."""
    shift = view.shift
    lines = [
        f"<b>{escape(shift_when(shift, language))}</b>",
        f"{escape(shift.title)} · {escape(shift.location)}",
        seats(view, _),
    ]
    state = my_state(view, _)
    if state:
        lines.append(state)
    return "\n".join(lines)


def shift_details(shift: Shift, language: str, _: Gettext) -> str:
    """Title, time and place, as used in confirmations and notices."""
    return "\n".join(
        [
            f"<b>{escape(shift.title)}</b>",
            _("🕘 {when}").format(when=escape(shift_when(shift, language))),
            _("📍 {location}").format(location=escape(shift.location)),
        ]
    )


def shift_card(view: ShiftView, language: str, _: Gettext) -> str:
    """The full card of one shift for a volunteer."""
    lines = [
        shift_details(view.shift, language, _),
        _("👥 {seats}").format(seats=seats(view, _)),
        _("No. {id}").format(id=view.shift.id),
    ]
    if view.shift.status == ShiftStatus.CANCELLED:
        lines.append(_("❌ This shift has been cancelled."))
    state = my_state(view, _)
    if state:
        lines.append(state)
    return "\n".join(lines)
