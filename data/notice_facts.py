"""What a notice about one outbox row says, read in one transaction per batch: its read model.

The renderers in ``bot/notices/`` are pure functions of these facts and a language; everything
they name (the shift, a clashing shift, the people, the series, a summary, a digest) is loaded
here, and rows of one batch share what they have in common (a shift read once for all).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session, col, select

from data import outbox
from data.attendance_close import ATTENDANCE_SUMMARY, Summary, attendance_summary
from data.digest import DIGEST, Understaffed, understaffed_shifts
from data.dispatch import kind_prefix
from data.models import Outbox, Series, Shift, Signup, SignupStatus, Volunteer
from data.reminders import DROPOUT, said_coming

# Kinds whose text names everyone confirmed on the row's shift.
_ROSTER_KINDS = frozenset({outbox.REMINDER, DROPOUT})


@dataclass(frozen=True)
class NoticeFacts:
    """One owed message's facts: the row, its recipient, and what its text names."""

    item: Outbox
    recipient: Volunteer | None
    payload: dict[str, Any]
    shifts: dict[int, Shift] = field(default_factory=dict)
    names: dict[int, str] = field(default_factory=dict)
    on_shift: list[tuple[int, str]] = field(default_factory=list)  # (volunteer id, name)
    series: Series | None = None
    summary: Summary | None = None
    understaffed: list[Understaffed] = field(default_factory=list)
    said_coming: bool = False  # a reminder's recipient already answered "I'll be there"

    def shift(self, shift_id: int | None = None) -> Shift | None:
        """The row's shift (or ``shift_id``), if it still exists."""
        wanted = self.item.shift_id if shift_id is None else shift_id
        return None if wanted is None else self.shifts.get(wanted)

    def name_of(self, volunteer_id: int) -> str:
        return self.names.get(volunteer_id, "?")


def payload_of(item: Outbox) -> dict[str, Any]:
    data = json.loads(item.payload or "{}")
    return data if isinstance(data, dict) else {}


class NoticeReader:
    """Reads the facts of a batch's rows in one session; what rows share (shifts, names,
    rosters) is read once."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._shifts: dict[int, Shift | None] = {}
        self._names: dict[int, str] = {}
        self._rosters: dict[int, list[tuple[int, str]]] = {}

    def facts(self, item: Outbox) -> NoticeFacts:
        """The facts of one row (raises if what it is about cannot be read)."""
        payload, kind = payload_of(item), kind_prefix(item.kind)
        recipient = self.session.get(Volunteer, item.recipient_id)
        shift_ids = [item.shift_id, payload.get("clash_shift_id"), *payload.get("shift_ids", [])]
        people = [payload.get("volunteer_id"), *payload.get("promoted_ids", [])]
        series_id = payload.get("series_id")
        return NoticeFacts(
            item,
            recipient,
            payload,
            shifts=self._shifts_of(int(i) for i in shift_ids if i),
            names={int(i): self._name(int(i)) for i in people if i},
            on_shift=self._roster(item.shift_id) if kind in _ROSTER_KINDS else [],
            series=self.session.get(Series, int(series_id)) if series_id else None,
            summary=self._summary(item) if kind == ATTENDANCE_SUMMARY else None,
            understaffed=self._digest(item) if kind == DIGEST else [],
            said_coming=kind == outbox.REMINDER and self._said_coming(item),
        )

    def _shifts_of(self, ids: Iterable[int]) -> dict[int, Shift]:
        found = {}
        for shift_id in ids:
            if shift_id not in self._shifts:
                self._shifts[shift_id] = self.session.get(Shift, shift_id)
            shift = self._shifts[shift_id]
            if shift is not None:
                found[shift_id] = shift
        return found

    def _name(self, volunteer_id: int) -> str:
        if volunteer_id not in self._names:
            person = self.session.get(Volunteer, volunteer_id)
            self._names[volunteer_id] = person.display_name if person else "?"
        return self._names[volunteer_id]

    def _roster(self, shift_id: int | None) -> list[tuple[int, str]]:
        """(volunteer id, display name) of everyone confirmed on a shift, in sign-up order."""
        if shift_id is None:
            return []
        if shift_id not in self._rosters:
            rows = self.session.exec(
                select(Volunteer.id, Volunteer.display_name)
                .join(Signup, col(Signup.volunteer_id) == col(Volunteer.id))
                .where(Signup.shift_id == shift_id, Signup.status == SignupStatus.CONFIRMED)
                .order_by(col(Signup.updated_at), col(Signup.id))
            ).all()
            self._rosters[shift_id] = [(int(r[0] or 0), str(r[1])) for r in rows]
        return self._rosters[shift_id]

    def _said_coming(self, item: Outbox) -> bool:
        seat = self.session.exec(
            select(Signup).where(
                Signup.shift_id == item.shift_id, Signup.volunteer_id == item.recipient_id
            )
        ).first()
        return seat is not None and said_coming(seat)

    def _summary(self, item: Outbox) -> Summary | None:
        if item.shift_id is None:
            return None
        return attendance_summary(session=self.session, shift_id=item.shift_id)

    def _digest(self, item: Outbox) -> list[Understaffed]:
        # The row is owed the moment it is queued and sent at once: its due instant is "now".
        return understaffed_shifts(
            session=self.session, now=item.due_at, viewer_id=item.recipient_id
        )
