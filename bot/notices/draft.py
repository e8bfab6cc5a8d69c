"""What a renderer sees and returns: a :class:`Draft` (the outbox row, its recipient, their
language, a read session) in, a :class:`Notice` (HTML text and buttons) out, or None when there
is nothing to say any more.

Renderers run in a worker thread inside one read transaction per claimed batch;
:meth:`Draft.shift` and :meth:`Draft.names_on` are memoised for the batch.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape
from typing import Any, TypeVar

from sqlmodel import Session, col, select
from telegram import InlineKeyboardMarkup

from bot.i18n import Gettext
from data.models import Outbox, Shift, Signup, SignupStatus, Volunteer

MAX_NAMES = 12
T = TypeVar("T")


@dataclass(frozen=True)
class Notice:
    """A rendered message: HTML text and optional inline buttons."""

    text: str
    markup: InlineKeyboardMarkup | None = None


@dataclass
class Draft:
    """What a renderer sees: the row, its recipient, their language, and a read session."""

    item: Outbox
    recipient: Volunteer
    language: str
    _: Gettext
    session: Session
    memo: dict[Any, Any] = field(default_factory=dict)

    @property
    def payload(self) -> dict[str, Any]:
        data = json.loads(self.item.payload or "{}")
        return data if isinstance(data, dict) else {}

    def once(self, key: object, make: Callable[[], T]) -> T:
        """``make()`` computed once per batch for ``key`` (a shift's details in one language)."""
        if key not in self.memo:
            self.memo[key] = make()
        found: T = self.memo[key]
        return found

    def shift(self, shift_id: int | None = None) -> Shift | None:
        """The row's shift (or ``shift_id``), read once per batch."""
        wanted = self.item.shift_id if shift_id is None else shift_id
        if wanted is None:
            return None
        key = ("shift", wanted)
        if key not in self.memo:
            self.memo[key] = self.session.get(Shift, wanted)
        found: Shift | None = self.memo[key]
        return found

    def names_on(self, shift_id: int) -> list[tuple[int, str]]:
        """(volunteer id, display name) of everyone confirmed on a shift, in sign-up order."""
        key = ("names", shift_id)
        if key not in self.memo:
            rows = self.session.exec(
                select(Volunteer.id, Volunteer.display_name)
                .join(Signup, col(Signup.volunteer_id) == col(Volunteer.id))
                .where(Signup.shift_id == shift_id, Signup.status == SignupStatus.CONFIRMED)
                .order_by(col(Signup.updated_at), col(Signup.id))
            ).all()
            self.memo[key] = [(int(r[0] or 0), str(r[1])) for r in rows]
        names: list[tuple[int, str]] = self.memo[key]
        return names

    def name_of(self, volunteer_id: int) -> str:
        key = ("person", volunteer_id)
        if key not in self.memo:
            person = self.session.get(Volunteer, volunteer_id)
            self.memo[key] = person.display_name if person else "?"
        name: str = self.memo[key]
        return name


Renderer = Callable[[Draft], Notice | None]


def name_list(names: list[str], language: str, _: Gettext) -> str:
    """``A、B、C`` / ``A, B, C``, escaped; a long list ends in "and N more"."""
    shown = [escape(n) for n in names[:MAX_NAMES]]
    text = ("、" if language == "zh" else ", ").join(shown)
    if len(names) > MAX_NAMES:
        text += _(" and {count} more").format(count=len(names) - MAX_NAMES)
    return text
