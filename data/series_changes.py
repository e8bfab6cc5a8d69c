"""Series-wide changes from one occurrence on: edit or cancel "this and all following".

"This occurrence only" is :func:`data.shift_changes.edit_shift` / ``cancel_shift`` on the
occurrence. A series change updates the template in place and every open future occurrence from
the chosen one on; past occurrences and their attendance are never touched. Everyone affected is
told once (one outbox row per volunteer, ``ref="series:<id>:v<version>"``), not once per occurrence.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from sqlmodel import Session, col, select

from data import outbox
from data.errors import CapacityBelowConfirmed, InvalidInput, ShiftCancelled, ShiftStarted
from data.localtime import at_local, in_zone, local_date
from data.models import Series, Shift, ShiftStatus, SignupStatus, StandingSignup
from data.policy import Policy
from data.recurrence_rule import make_rule
from data.series_base import (
    SERIES_CANCELLED,
    SERIES_CHANGED,
    NotInSeries,
    lock_series,
    series_rule,
)
from data.series_notices import cancel_quietly, tell_once
from data.shift_changes import ShiftChanges, active_signups
from data.shifts import get_shift, validate_capacity, validate_text, validate_times
from data.signups import confirmed_count, fill_from_waitlist
from data.standing import active_standing, future_occurrences
from data.volunteers import require_coordinator


@dataclass(frozen=True)
class SeriesChangeResult:
    """The series after the change, the occurrences changed, who was told, who was promoted."""

    series: Series
    shifts: tuple[Shift, ...]
    notified_ids: tuple[int, ...]
    promoted_ids: tuple[int, ...] = ()


def occurrence_for_change(
    *, session: Session, actor_id: int, shift_id: int, now: datetime
) -> tuple[Shift, Series]:
    """The chosen occurrence and its series, locked; past or cancelled ones are refused."""
    require_coordinator(session=session, volunteer_id=actor_id)
    shift = get_shift(session=session, shift_id=shift_id)
    if shift.series_id is None:
        raise NotInSeries(shift=shift)
    # Series first, then its shifts: the order the materialiser and standing sign-ups lock in.
    series = lock_series(session=session, series_id=shift.series_id)
    session.refresh(shift)
    if shift.status == ShiftStatus.CANCELLED:
        raise ShiftCancelled(shift=shift)
    if shift.starts_at <= now:
        raise ShiftStarted(shift=shift)
    return shift, series


def following(*, session: Session, shift: Shift, now: datetime) -> list[Shift]:
    """Open occurrences from ``shift`` on (by the rule's order) that have not started, locked."""
    assert shift.series_id is not None and shift.occurrence_key is not None
    query = (
        select(Shift)
        .where(
            Shift.series_id == shift.series_id,
            Shift.status == ShiftStatus.OPEN,
            col(Shift.occurrence_key) >= shift.occurrence_key,
            col(Shift.starts_at) > now,
        )
        .order_by(col(Shift.occurrence_key))
        .with_for_update()
    )
    return list(session.exec(query.execution_options(populate_existing=True)))


@dataclass(frozen=True)
class _Template:
    """Validated new template values; ``None`` keeps a field."""

    title: str | None
    location: str | None
    capacity: int | None
    start_time: time | None
    minutes: int | None


def _template(series: Series, shift: Shift, changes: ShiftChanges, now: datetime) -> _Template:
    title = validate_text("title", changes.title) if changes.title is not None else None
    where = validate_text("location", changes.location) if changes.location is not None else None
    capacity = validate_capacity(changes.capacity) if changes.capacity is not None else None
    start, end = changes.starts_at or shift.starts_at, changes.ends_at or shift.ends_at
    if (start, end) == (shift.starts_at, shift.ends_at):
        return _Template(title, where, capacity, None, None)
    validate_times(start, end, now)
    if local_date(start, series.tz) != local_date(shift.starts_at, series.tz):
        # Moving the weekday is a new rule, not an edit of this one.
        raise InvalidInput(field="start", reason="series_day")
    local_start = in_zone(start, series.tz)
    minutes = int((end - start).total_seconds() // 60)
    return _Template(title, where, capacity, local_start.time(), minutes)


def edit_following(
    *,
    session: Session,
    actor_id: int,
    shift_id: int,
    changes: ShiftChanges,
    now: datetime,
    policy: Policy,
) -> SeriesChangeResult:
    """Edit this occurrence and all following ones, and the template for those to come."""
    shift, series = occurrence_for_change(
        session=session, actor_id=actor_id, shift_id=shift_id, now=now
    )
    new = _template(series, shift, changes, now)
    shifts = following(session=session, shift=shift, now=now)
    if new.capacity is not None:
        for each in shifts:
            assert each.id is not None
            confirmed = confirmed_count(session=session, shift_id=each.id)
            if new.capacity < confirmed:
                raise CapacityBelowConfirmed(confirmed=confirmed, capacity=new.capacity)
    promoted: list[int] = []
    for each in shifts:
        promoted += _apply(session, series, each, new, now, policy)
    _update_template(series, new)
    session.add(series)
    session.flush()
    told: list[int] = []
    if (new.title, new.location, new.start_time) != (None, None, None):
        told = tell_once(session, series, shifts, SERIES_CHANGED, now, {"from": shift.starts_at})
    return SeriesChangeResult(series, tuple(shifts), tuple(told), tuple(promoted))


def _apply(
    session: Session, series: Series, shift: Shift, new: _Template, now: datetime, policy: Policy
) -> list[int]:
    """One occurrence takes the new template; returns who the waitlist promoted."""
    assert shift.id is not None and shift.occurrence_key is not None
    shift.title = new.title or shift.title
    shift.location = new.location or shift.location
    shift.capacity = new.capacity or shift.capacity
    if new.start_time is not None and new.minutes is not None:
        day = local_date(shift.occurrence_key, series.tz)
        start = at_local(day, new.start_time, series.tz)
        shift.occurrence_key = shift.starts_at = start
        shift.ends_at = start + timedelta(minutes=new.minutes)
    shift.version += 1
    session.add(shift)
    session.flush()
    if new.start_time is not None:
        signups = active_signups(session=session, shift_id=shift.id)
        confirmed = [s.volunteer_id for s in signups if s.status == SignupStatus.CONFIRMED]
        outbox.replan_shift(
            session=session, shift=shift, confirmed_ids=confirmed, now=now, policy=policy
        )
    return fill_from_waitlist(session=session, shift=shift, now=now, policy=policy)


def _update_template(series: Series, new: _Template) -> None:
    series.title = new.title or series.title
    series.location = new.location or series.location
    series.capacity = new.capacity or series.capacity
    if new.start_time is not None and new.minutes is not None:
        series.first_start_local = datetime.combine(series.first_start_local.date(), new.start_time)
        series.duration_minutes = new.minutes
    series.version += 1


def cancel_following(
    *, session: Session, actor_id: int, shift_id: int, reason: str | None, now: datetime
) -> SeriesChangeResult:
    """End the series before this occurrence: it and all following are cancelled, people told once.

    The rule is cut to end the day before, so the stored rule still says what really happened.
    """
    shift, series = occurrence_for_change(
        session=session, actor_id=actor_id, shift_id=shift_id, now=now
    )
    assert shift.occurrence_key is not None and series.id is not None
    reason = " ".join(reason.split())[:200] if reason else None
    shifts = following(session=session, shift=shift, now=now)
    series.version += 1
    told = tell_once(
        session, series, shifts, SERIES_CANCELLED, now, {"from": shift.starts_at, "reason": reason}
    )
    cancel_quietly(session=session, shifts=shifts, reason=reason)
    rule = series_rule(series)
    last_day = local_date(shift.occurrence_key, series.tz) - timedelta(days=1)
    series.rrule = make_rule(
        interval=rule.interval,
        weekdays=rule.weekdays,
        ordinal=rule.ordinal,
        until=last_day,
        count=None,
    ).rrule
    series.ended = True
    if not future_occurrences(session=session, series_id=series.id, now=now):
        _end_standing(session, active_standing(session=session, series_id=series.id), now)
    session.add(series)
    session.flush()
    return SeriesChangeResult(series, tuple(shifts), tuple(told))


def _end_standing(session: Session, standing: Iterable[StandingSignup], now: datetime) -> None:
    for each in standing:
        each.active, each.ended_at = False, now
        session.add(each)
