"""Volunteers found by name for /promote and /demote: how each is told apart, and the buttons.

Button texts are not HTML, so they are not escaped; a message text that shows a label escapes it.
"""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.actions import Action, encode
from bot.i18n import Gettext
from data.models import Role
from data.people_search import Candidate

PICK = {Role.COORDINATOR: Action.PROMOTE_PICK, Role.VOLUNTEER: Action.DEMOTE_PICK}
"""The button that gives a candidate the role."""


def candidate_label(candidate: Candidate, _: Gettext) -> str:
    """``李雷 · @lilei · 手机尾号 0001 · 秦州区局``: what tells namesakes apart, where known."""
    parts = [candidate.name]
    if candidate.role == Role.COORDINATOR:
        parts.append(_("coordinator"))
    if candidate.username:
        parts.append(f"@{candidate.username}")
    if candidate.phone_tail:
        parts.append(_("phone ending {digits}").format(digits=candidate.phone_tail))
    if candidate.team:
        parts.append(candidate.team)
    return " · ".join(parts)


def pick_one(candidates: tuple[Candidate, ...], role: Role, _: Gettext) -> InlineKeyboardMarkup:
    """A button per candidate, then one that changes nothing."""
    rows = [
        [
            InlineKeyboardButton(
                candidate_label(c, _), callback_data=encode(PICK[role], c.volunteer_id)
            )
        ]
        for c in candidates
    ]
    rows.append([_keep(_)])
    return InlineKeyboardMarkup(rows)


def confirm(candidate: Candidate, role: Role, _: Gettext) -> InlineKeyboardMarkup:
    """Yes / No for the one volunteer the name found."""
    yes = _("✅ Make coordinator") if role == Role.COORDINATOR else _("✅ Make volunteer")
    button = InlineKeyboardButton(yes, callback_data=encode(PICK[role], candidate.volunteer_id))
    return InlineKeyboardMarkup([[button, _keep(_)]])


def _keep(_: Gettext) -> InlineKeyboardButton:
    return InlineKeyboardButton(_("Change nothing"), callback_data=encode(Action.ROLE_KEEP))
