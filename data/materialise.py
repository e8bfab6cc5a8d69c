"""Rolling a series forward: occurrences created over a horizon, standing volunteers seated.

Idempotent by construction: an occurrence is an INSERT … ON CONFLICT DO NOTHING on
(series_id, occurrence_key), and only the process whose insert created the row seats the
standing volunteers on it. So running twice, or from two processes at once, creates each
occurrence once, and a volunteer who skipped an occurrence is never put back on it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col, or_, select

from data import outbox
from data.models import Series, Shift, ShiftStatus
from data.policy import Policy
from data.series_base import STANDING_CLASH, STANDING_WAITLISTED, lock_series, skip_ranges
from data.series_plan import SeriesPlan
from data.standing import CLASH, WAITLISTED, Seat, active_standing, seat


@dataclass(frozen=True)
class Materialised:
    """The occurrences this call created and what each standing volunteer got on them."""

    series_id: int
    created: tuple[Shift, ...] = ()
    seats: tuple[tuple[int, Seat], ...] = ()  # (volunteer id, seat)


def materialise(
    *, session: Session, series_id: int, until_utc: datetime, now: datetime, policy: Policy
) -> Materialised:
    """Create the occurrences up to the end of ``until_utc``'s local day, from ``now`` on.

    Whole local days are covered, so an edit that moves the time of day can never make the next
    run create a second occurrence on a day already done. Past occurrences are never created.
    """
    series = lock_series(session=session, series_id=series_id)
    if series.ended:
        return Materialised(series_id)
    plan = SeriesPlan.of(series, skip_ranges(session=session, series_id=series_id))
    end = plan.horizon_end(until_utc)
    start = max(series.materialised_until or now, now)
    created: list[Shift] = []
    if end > start:
        for instant in plan.starts_between(start, end):
            shift = _insert_occurrence(session, series, instant, now)
            if shift is not None:
                created.append(shift)
        series.materialised_until = end
    series.ended = _finished(plan, max(end, start))
    session.add(series)
    session.flush()
    seats = [seated for shift in created for seated in _seat_all(session, shift, now, policy)]
    return Materialised(series_id, tuple(created), tuple(seats))


def _finished(plan: SeriesPlan, after: datetime) -> bool:
    # A rule with a COUNT or UNTIL that has no start left after the horizon needs no more runs.
    if plan.rule.count is None and plan.rule.until is None:
        return False
    return not plan.by_rule().next_starts(after, 1)


def _insert_occurrence(
    session: Session, series: Series, start: datetime, now: datetime
) -> Shift | None:
    """Insert one occurrence unless it exists; the new row, or None if another run made it."""
    values = {
        "series_id": series.id,
        "occurrence_key": start,
        "title": series.title,
        "location": series.location,
        "latitude": series.latitude,
        "longitude": series.longitude,
        "radius_m": series.radius_m,
        "starts_at": start,
        "ends_at": start + timedelta(minutes=series.duration_minutes),
        "tz": series.tz,
        "capacity": series.capacity,
        "status": ShiftStatus.OPEN,
        "team_id": series.team_id,
        "created_by": series.created_by,
        "version": 1,
        "created_at": now,
    }
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    stmt = (
        insert(Shift)
        .values(**values)
        .on_conflict_do_nothing(index_elements=["series_id", "occurrence_key"])
        .returning(col(Shift.id))
    )
    new_id = session.execute(stmt).scalar_one_or_none()
    return None if new_id is None else session.get(Shift, new_id)


def _seat_all(
    session: Session, shift: Shift, now: datetime, policy: Policy
) -> list[tuple[int, Seat]]:
    """Seat every active standing volunteer, in sign-up order; tell the waitlisted and clashing."""
    assert shift.series_id is not None and shift.id is not None
    seats = []
    for standing in active_standing(session=session, series_id=shift.series_id):
        got = seat(session=session, standing=standing, shift=shift, now=now, policy=policy)
        seats.append((standing.volunteer_id, got))
        if got.outcome == WAITLISTED:
            payload = {"position": got.position}
            kind = STANDING_WAITLISTED
        elif got.outcome == CLASH:
            assert got.clash is not None
            payload, kind = {"clash_shift_id": got.clash.id}, STANDING_CLASH
        else:
            continue
        outbox.notify(
            session=session,
            kind=kind,
            recipient_id=standing.volunteer_id,
            ref=str(shift.id),
            shift_id=shift.id,
            now=now,
            payload=payload,
        )
    return seats


def due_series_ids(*, session: Session, now: datetime, policy: Policy) -> list[int]:
    """Series whose materialised horizon falls short of ``now + policy.horizon``."""
    horizon = now + policy.horizon
    query = (
        select(Series.id)
        .where(
            col(Series.ended).is_(False),
            or_(
                col(Series.materialised_until).is_(None), col(Series.materialised_until) <= horizon
            ),
        )
        .order_by(col(Series.id))
    )
    return [i for i in session.exec(query) if i is not None]


def materialise_all(*, session: Session, now: datetime, policy: Policy) -> list[Materialised]:
    """Roll every due series forward to ``now + policy.horizon`` (the scheduler's job)."""
    return [
        materialise(
            session=session, series_id=i, until_utc=now + policy.horizon, now=now, policy=policy
        )
        for i in due_series_ids(session=session, now=now, policy=policy)
    ]
