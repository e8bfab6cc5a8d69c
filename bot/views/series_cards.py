"""What a volunteer sees of regular shifts on others' screens: the occurrence card in /shifts and
the standing sign-ups section of /my. ``browse`` and ``mine`` call these; the buttons are handled
in ``bot/handlers/series/standing.py``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.actions import Action, encode
from bot.context import ShiftContext
from bot.i18n import Gettext
from bot.views.series_text import rule_with_time
from bot.views.shift_text import day_label, shift_when
from bot.views.staff_keyboards import series_label
from data.models import SignupStatus
from data.my_places import MyPlaces
from data.views import ShiftView

SHOWN_DATES = 3


def card_note(view: ShiftView, _: Gettext, standing: bool = False) -> str:
    """A line under an occurrence's card saying it repeats (empty for a one-off shift)."""
    if view.shift.series_id is None:
        return ""
    if standing:
        note = _("🔁 You signed up for every occurrence of regular shift {series}. /my lists them.")
    else:
        note = _("🔁 Part of regular shift {series}: you can sign up for every one.")
    return "\n" + note.format(series=series_label(view.shift.series_id))


def with_standing(
    markup: InlineKeyboardMarkup, view: ShiftView, bookable: bool, offset: int, _: Gettext
) -> InlineKeyboardMarkup:
    """On an occurrence: "Sign up for this one" and "Sign up for every one" above Back (not
    bookable here also when the viewer already has a standing sign-up for the series)."""
    if view.shift.series_id is None or not bookable or view.shift.id is None:
        return markup
    rows = [
        [
            InlineKeyboardButton(_("✅ Sign up for this one"), callback_data=b.callback_data)
            if Action.SIGN_UP.written_in(b.callback_data)
            else b
            for b in row
        ]
        for row in markup.inline_keyboard
    ]
    every = InlineKeyboardButton(
        _("🔁 Sign up for every one"), callback_data=encode(Action.STAND, view.shift.id, offset)
    )
    rows.insert(max(len(rows) - 1, 0), [every])
    return InlineKeyboardMarkup(rows)


@dataclass(frozen=True)
class StandingPart:
    """/my split in two: single places, and the standing sign-ups with their own buttons."""

    singles: list[ShiftView]
    text: str = ""
    rows: list[list[InlineKeyboardButton]] = field(default_factory=list)

    def around(self, text: str, has_singles: bool) -> str:
        """The single places' text followed by the standing section (which replaces "none")."""
        if not self.text:
            return text
        return f"{text}\n\n{self.text}" if has_singles else self.text

    def markup(self, base: InlineKeyboardMarkup | None) -> InlineKeyboardMarkup | None:
        rows = [list(r) for r in base.inline_keyboard] if base is not None else []
        rows += self.rows
        return InlineKeyboardMarkup(rows) if rows else None


def standing_part(context: ShiftContext, read: MyPlaces) -> StandingPart:
    """Take the places held through standing sign-ups out of /my's list, described apart."""
    _, views, standing, seats = context._, read.places, read.standing, read.standing_seats
    seat_ids = {s.id for s in seats}
    singles = [v for v in views if v.shift.id not in seat_ids]
    if not standing:
        return StandingPart(singles)
    by_id = {v.shift.id: v for v in views}
    lines = [_("<b>Every time (standing sign-ups)</b>")]
    rows = []
    for entry in standing:
        series = entry.series
        mine = [by_id[s.id] for s in seats if s.series_id == series.id and s.id in by_id]
        rule = rule_with_time(entry.rule, series, context.language)
        lines.append(f"\n🔁 <b>{escape(series.title)}</b> · {escape(series.location)}\n{rule}")
        lines += [_seat_line(v, context) for v in mine[:SHOWN_DATES]]
        if not mine:
            lines.append(_("No places ahead yet."))
        if mine and mine[0].shift.id is not None:
            day = day_label(mine[0].shift.starts_at, mine[0].shift.tz, context.language)
            skip = _("⏭ Skip {day}").format(day=day)
            rows.append(
                [
                    InlineKeyboardButton(
                        skip, callback_data=encode(Action.ASK_SKIP, mine[0].shift.id)
                    )
                ]
            )
        assert series.id is not None
        end = _("⏹ End standing sign-up: {title}").format(title=series.title[:30])
        rows.append([InlineKeyboardButton(end, callback_data=encode(Action.ASK_END, series.id))])
    return StandingPart(singles, "\n".join(lines), rows)


def _seat_line(view: ShiftView, context: ShiftContext) -> str:
    line = f"• {escape(shift_when(view.shift, context.language))}"
    if view.my_status == SignupStatus.WAITLISTED:
        line += " " + context._("⏳ Waitlist position {position}").format(position=view.my_position)
    return line
