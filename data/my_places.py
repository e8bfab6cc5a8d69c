"""What /my shows, read in one transaction: the volunteer's places, their standing sign-ups, and
which of the places those standing sign-ups hold."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from data.models import Shift
from data.series_views import SeriesView, my_standing, standing_seats
from data.views import ShiftView, my_shifts


@dataclass(frozen=True)
class MyPlaces:
    """Upcoming seats and waitlist places; the standing sign-ups; the seats they hold."""

    places: list[ShiftView]
    standing: list[SeriesView]
    standing_seats: list[Shift]


def my_places(*, session: Session, volunteer_id: int, now: datetime) -> MyPlaces:
    return MyPlaces(
        my_shifts(session=session, volunteer_id=volunteer_id, now=now),
        my_standing(session=session, volunteer_id=volunteer_id, now=now),
        standing_seats(session=session, volunteer_id=volunteer_id, now=now),
    )
