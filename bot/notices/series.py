"""What regular-shift messages say: series changed, cancelled or skipped (once per volunteer), and
a standing sign-up waitlisted or left out of a new occurrence.

``bot/notices/renderers.py`` lists them by outbox kind.
"""

from __future__ import annotations

from datetime import date, datetime
from html import escape

from bot.notices.draft import Draft, Notice
from bot.views.series_text import rule_with_time
from bot.views.shift_text import date_label, day_label, shift_details, shift_when
from data.models import Series
from data.series_base import series_rule


def _series(draft: Draft) -> Series | None:
    return draft.facts.series


def _from(draft: Draft, series: Series) -> str:
    start = draft.payload.get("from")
    if not start:
        return ""
    return day_label(datetime.fromisoformat(start), series.tz, draft.language)


def _about(series: Series, draft: Draft) -> list[str]:
    """Title, rule and time, place: the series as it now stands."""
    _ = draft._
    rule = rule_with_time(series_rule(series), series, draft.language)
    return [
        f"<b>{escape(series.title)}</b>",
        _("🔁 {rule}").format(rule=rule),
        _("📍 {location}").format(location=escape(series.location)),
    ]


def render_series_changed(draft: Draft) -> Notice | None:
    _, series = draft._, _series(draft)
    if series is None:
        return None
    head = _("✏️ A regular shift you are on has changed, from {day} on:")
    lines = [head.format(day=_from(draft, series)), "", *_about(series, draft)]
    lines += ["", _("Your places stay as they were. /my lists them.")]
    return Notice("\n".join(lines))


def render_series_cancelled(draft: Draft) -> Notice | None:
    _, series = draft._, _series(draft)
    if series is None:
        return None
    head = _("❌ A regular shift you are on is cancelled from {day} on; there is no need to come.")
    lines = [head.format(day=_from(draft, series)), "", f"<b>{escape(series.title)}</b>"]
    reason = draft.payload.get("reason")
    if reason:
        lines.append(_("Reason: {reason}").format(reason=escape(str(reason))))
    return Notice("\n".join(lines))


def render_series_skipped(draft: Draft) -> Notice | None:
    _, series = draft._, _series(draft)
    first, last = draft.payload.get("first"), draft.payload.get("last")
    if series is None or not first or not last:
        return None
    days = [date_label(date.fromisoformat(d), draft.language) for d in (first, last)]
    span = days[0] if first == last else f"{days[0]}–{days[1]}"
    head = _("🏮 {title} takes a break on {days}: those occurrences are cancelled.")
    lines = [head.format(title=escape(series.title), days=span)]
    lines.append(_("Your other places stay as they were. /my lists them."))
    return Notice("\n".join(lines))


def render_standing_waitlisted(draft: Draft) -> Notice | None:
    _, shift = draft._, draft.shift()
    if shift is None:
        return None
    head = _(
        "⏳ This occurrence of your regular shift is full, so you are on its waitlist: position {position}."
    )
    lines = [head.format(position=draft.payload.get("position") or "?"), ""]
    lines.append(shift_details(shift, draft.language, _))
    lines.append(_("If a place frees up it becomes yours automatically, and I will tell you."))
    return Notice("\n".join(lines))


def render_standing_clash(draft: Draft) -> Notice | None:
    _, shift = draft._, draft.shift()
    if shift is None:
        return None
    clash_id = draft.payload.get("clash_shift_id")
    clash = draft.shift(int(clash_id)) if clash_id else None
    head = _("⚠️ Your regular sign-up left out this occurrence: it overlaps another of your shifts.")
    lines = [head, "", shift_details(shift, draft.language, _)]
    if clash is not None:
        other = f"{escape(clash.title)}, {escape(shift_when(clash, draft.language))}"
        lines.append(_("Overlaps: {shift}").format(shift=other))
    lines.append(_("To take it instead, cancel the other one and sign up from /shifts."))
    return Notice("\n".join(lines))
