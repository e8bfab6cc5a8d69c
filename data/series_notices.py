"""Telling people about series-wide changes once, and cancelling occurrences without a notice each."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime

from sqlmodel import Session

from data import outbox
from data.models import Series, Shift, ShiftStatus
from data.shift_changes import active_signups
from data.standing import active_standing


def cancel_quietly(*, session: Session, shifts: Iterable[Shift], reason: str | None) -> None:
    """Cancel occurrences without a notice each: the caller tells everyone once."""
    for shift in shifts:
        assert shift.id is not None
        shift.status, shift.cancel_reason = ShiftStatus.CANCELLED, reason
        shift.version += 1
        session.add(shift)
        outbox.skip_pending(session=session, shift_id=shift.id)
    session.flush()


def affected_ids(*, session: Session, series: Series, shifts: Iterable[Shift]) -> list[int]:
    """Volunteers with a place on any of ``shifts`` or a standing sign-up, each once, in order."""
    assert series.id is not None
    ids: dict[int, None] = {}
    for shift in shifts:
        assert shift.id is not None
        ids.update(
            (s.volunteer_id, None) for s in active_signups(session=session, shift_id=shift.id)
        )
    ids.update(
        (s.volunteer_id, None) for s in active_standing(session=session, series_id=series.id)
    )
    return list(ids)


def tell_once(
    session: Session,
    series: Series,
    shifts: list[Shift],
    kind: str,
    now: datetime,
    details: Mapping[str, object],
) -> list[int]:
    """One notice per affected volunteer for this version of the series (bumped by the caller).

    The row names no shift: the dispatcher drops notices about a cancelled shift as stale, and
    these may be about cancelled ones. ``payload["shift_ids"]`` lists the occurrences instead.
    """
    recipients = affected_ids(session=session, series=series, shifts=shifts)
    payload: dict[str, object] = {"series_id": series.id, "shift_ids": [s.id for s in shifts]}
    payload |= {k: v.isoformat() if isinstance(v, datetime) else v for k, v in details.items()}
    for volunteer_id in recipients:
        outbox.notify(
            session=session,
            kind=kind,
            recipient_id=volunteer_id,
            ref=f"series:{series.id}:v{series.version}",
            now=now,
            payload=payload,
        )
    return recipients
