"""A coordinator's buttons: the actions on a shift's card, and the picker of upcoming shifts that
/roster, /editshift, /cancelshift and /skip show when no number was typed.

Each button starts the same flow as its command; the handlers check the role again on every press.
"""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.actions import Action, encode
from bot.i18n import Gettext
from data.models import Shift
from data.series_views import SeriesView

PAGE_SIZE = 5

# The commands with a picker, by ``Action.PICKER_PAGE``'s first argument; skip lists series.
ROSTER, EDIT, CANCEL, SKIP = 0, 1, 2, 3
COMMANDS = {ROSTER: "roster", EDIT: "editshift", CANCEL: "cancelshift", SKIP: "skip"}
PICKED = {
    ROSTER: Action.STAFF_ROSTER,
    EDIT: Action.STAFF_EDIT,
    CANCEL: Action.STAFF_CANCEL,
    SKIP: Action.STAFF_SKIP,
}


def series_label(series_id: int | None) -> str:
    """A series' visible number, ``R3``: never mistaken for a shift's own ``No. 3``."""
    return f"R{series_id}"


def _button(text: str, action: Action, *args: int) -> InlineKeyboardButton:
    return InlineKeyboardButton(text, callback_data=encode(action, *args))


def staff_rows(shift: Shift, editable: bool, _: Gettext) -> list[list[InlineKeyboardButton]]:
    """Roster always; Edit and Cancel while the shift is open and not started; Skip dates for
    an occurrence of a series."""
    assert shift.id is not None
    # Two buttons a row at most: three Chinese labels side by side wrap on a phone.
    first = [_button(_("📋 Roster"), Action.STAFF_ROSTER, shift.id)]
    second = []
    if editable:
        first.append(_button(_("✏️ Edit"), Action.STAFF_EDIT, shift.id))
        second.append(_button(_("❌ Cancel shift"), Action.STAFF_CANCEL, shift.id))
    if shift.series_id is not None:
        second.append(_button(_("🏮 Skip dates"), Action.STAFF_SKIP, shift.series_id))
    return [first, second] if second else [first]


def with_staff(
    markup: InlineKeyboardMarkup, shift: Shift, editable: bool, _: Gettext
) -> InlineKeyboardMarkup:
    """The card's own buttons, then the coordinator's above its last row (Back)."""
    rows = [list(row) for row in markup.inline_keyboard]
    at = max(len(rows) - 1, 0)
    rows[at:at] = staff_rows(shift, editable, _)
    return InlineKeyboardMarkup(rows)


def picker(
    command: int, entries: list[tuple[int, str]], offset: int, total: int, _: Gettext
) -> InlineKeyboardMarkup:
    """One button per entry (id, label), then ‹ Prev / Next › when there are other pages."""
    rows = [[_button(label[:60], PICKED[command], ident)] for ident, label in entries]
    nav = []
    if offset > 0:
        nav.append(_button(_("‹ Prev"), Action.PICKER_PAGE, command, max(offset - PAGE_SIZE, 0)))
    if offset + PAGE_SIZE < total:
        nav.append(_button(_("Next ›"), Action.PICKER_PAGE, command, offset + PAGE_SIZE))
    if nav:
        rows.append(nav)
    return InlineKeyboardMarkup(rows)


def series_buttons(views: list[SeriesView], _: Gettext) -> InlineKeyboardMarkup:
    """Under /series, per regular shift: its next date's card (Roster, Edit, Cancel) and Skip."""
    rows = []
    for view in views:
        assert view.series.id is not None
        label = series_label(view.series.id)
        row = [
            _button(
                _("🏮 Skip dates {label}").format(label=label), Action.STAFF_SKIP, view.series.id
            )
        ]
        if view.next_shift is not None and view.next_shift.id is not None:
            text = _("🗓 Next {label}").format(label=label)
            row.insert(0, _button(text, Action.SHIFT_CARD, view.next_shift.id, 0))
        rows.append(row)
    return InlineKeyboardMarkup(rows)
