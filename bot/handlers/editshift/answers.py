"""The edit in progress, kept in the database between steps: the shift as it was, the field
chosen and its new value."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel

from bot.context import ShiftContext
from data.models import Shift
from data.shift_changes import ShiftChanges

KEY = "editshift"  # the flow's name: the answers end with it
TITLE, LOCATION, WHEN, SEATS = 1, 2, 3, 4


class EditedShift(BaseModel):
    """The shift as it was when the edit began: what the last look shows as "before"."""

    id: int
    series_id: int | None
    title: str
    location: str
    tz: str
    capacity: int
    starts_at: datetime
    ends_at: datetime

    @classmethod
    def of(cls, shift: Shift) -> EditedShift:
        assert shift.id is not None
        return cls(
            id=shift.id,
            series_id=shift.series_id,
            title=shift.title,
            location=shift.location,
            tz=shift.tz,
            capacity=shift.capacity,
            starts_at=shift.starts_at,
            ends_at=shift.ends_at,
        )


class Edit(BaseModel):
    """One coordinator's edit in progress (kept in the database between steps): the shift as it
    was, how many are signed up, the field and its new value."""

    shift: EditedShift
    signed_up: int
    field: int = 0
    text: str = ""
    day: date | None = None
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    capacity: int = 0
    recent: list[str] = []  # the coordinator's recent places, offered as buttons

    def changes(self) -> ShiftChanges:
        if self.field == TITLE:
            return ShiftChanges(title=self.text)
        if self.field == LOCATION:
            return ShiftChanges(location=self.text)
        if self.field == WHEN:
            return ShiftChanges(starts_at=self.starts_at, ends_at=self.ends_at)
        return ShiftChanges(capacity=self.capacity)


def edit_of(context: ShiftContext) -> Edit | None:
    return context.recall(KEY, Edit)


async def save_edit(context: ShiftContext, edit: Edit) -> None:
    await context.keep(KEY, edit)
