"""What a renderer sees and returns: a :class:`Draft` (the row's read model from
:mod:`data.notice_facts`, the recipient's language) in, a :class:`Notice` (HTML text and buttons)
out, or None when there is nothing to say any more.

Renderers are pure: they never read the database. :meth:`Draft.once` keeps what one batch renders
more than once (a shift's details in one language).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from html import escape
from typing import Any, TypeVar

from telegram import InlineKeyboardMarkup

from bot.i18n import Gettext
from data.models import Outbox, Shift, Volunteer
from data.notice_facts import NoticeFacts

MAX_NAMES = 12
T = TypeVar("T")


@dataclass(frozen=True)
class Notice:
    """A rendered message: HTML text and optional inline buttons."""

    text: str
    markup: InlineKeyboardMarkup | None = None


@dataclass
class Draft:
    """What a renderer sees: the row's facts, its recipient, their language."""

    facts: NoticeFacts
    recipient: Volunteer
    language: str
    _: Gettext
    memo: dict[Any, Any] = field(default_factory=dict)
    sending_at: datetime | None = None  # the notifier's clock; None: the row's due instant

    @property
    def now(self) -> datetime:
        """When the message goes out: what "tomorrow" and "in 2 hours" are said from."""
        return self.sending_at or self.item.due_at

    @property
    def item(self) -> Outbox:
        return self.facts.item

    @property
    def payload(self) -> dict[str, Any]:
        return self.facts.payload

    def once(self, key: object, make: Callable[[], T]) -> T:
        """``make()`` computed once per batch for ``key`` (a shift's details in one language)."""
        if key not in self.memo:
            self.memo[key] = make()
        found: T = self.memo[key]
        return found

    def shift(self, shift_id: int | None = None) -> Shift | None:
        """The row's shift (or ``shift_id``, one the payload names)."""
        return self.facts.shift(shift_id)

    def names_on(self) -> list[tuple[int, str]]:
        """(volunteer id, display name) of everyone confirmed on the row's shift, in order."""
        return self.facts.on_shift

    def name_of(self, volunteer_id: int) -> str:
        return self.facts.name_of(volunteer_id)


Renderer = Callable[[Draft], Notice | None]


def name_list(names: list[str], language: str, _: Gettext) -> str:
    """``A、B、C`` / ``A, B, C``, escaped; a long list ends in "and N more"."""
    shown = [escape(n) for n in names[:MAX_NAMES]]
    text = ("、" if language == "zh" else ", ").join(shown)
    if len(names) > MAX_NAMES:
        text += _(" and {count} more").format(count=len(names) - MAX_NAMES)
    return text
