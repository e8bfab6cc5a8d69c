"""Edit or cancel "this and all following": past untouched, everyone told once."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import select

from data import outbox
from data.clock import ManualClock
from data.db import Store
from data.errors import CapacityBelowConfirmed, InvalidInput, ShiftStarted
from data.materialise import materialise_all
from data.models import Outbox, OutboxState, Role, ShiftStatus
from data.recurrence import rule_from_rrule
from data.series_base import SERIES_CANCELLED, SERIES_CHANGED, NotInSeries
from data.series_changes import cancel_following, edit_following
from data.shift_changes import ShiftChanges, edit_shift
from data.shifts import create_shift
from data.standing import start_standing
from tests.personas import COORDINATOR, EMMA, LILEI, registered
from tests.series_fixtures import (
    POLICY,
    confirmed_on,
    draft,
    fill,
    local_starts,
    occurrences,
    owed,
    post,
    series_row,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")


def _at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=SHANGHAI)


def _weekly_with_people(
    store: Store, clock: ManualClock, capacity: int = 3
) -> tuple[int, int, int, int]:
    """A weekly series from Fri 4 Dec with Li Lei standing and Emma on the third Friday only."""
    coordinator = store.call(
        registered, persona=COORDINATOR, now=clock.now(), role=Role.COORDINATOR
    ).id
    lilei, emma = [store.call(registered, persona=p, now=clock.now()).id for p in (LILEI, EMMA)]
    series_id = post(store, clock, coordinator, "weekly", capacity=capacity).series.id or 0
    store.call(
        start_standing, volunteer_id=lilei, series_id=series_id, now=clock.now(), policy=POLICY
    )
    fill(store, clock, occurrences(store, series_id)[2].id or 0, [emma])
    return coordinator, series_id, lilei, emma


def test_editing_this_and_following_changes_them_and_tells_each_volunteer_once(
    store: Store, clock: ManualClock
) -> None:
    coordinator, series_id, lilei, emma = _weekly_with_people(store, clock)
    clock.advance(timedelta(days=4))  # Sat 5 Dec: the first Friday is past
    fridays = occurrences(store, series_id)
    changes = ShiftChanges(
        title="文明交通劝导（晚班）",
        starts_at=_at("2026-12-18 18:00"),
        ends_at=_at("2026-12-18 20:00"),
    )
    result = store.call(
        edit_following,
        actor_id=coordinator,
        shift_id=fridays[2].id,
        changes=changes,
        now=clock.now(),
        policy=POLICY,
    )
    after = occurrences(store, series_id)
    assert local_starts(after[:2]) == ["2026-12-04 08:00", "2026-12-11 08:00"]
    assert {s.title for s in after[:2]} == {"文明交通劝导"}
    assert local_starts(after[2:]) == [
        f"{d} 18:00"
        for d in (
            "2026-12-18",
            "2026-12-25",
            "2027-01-01",
            "2027-01-08",
            "2027-01-15",
            "2027-01-22",
        )
    ]
    assert {s.title for s in after[2:]} == {"文明交通劝导（晚班）"}
    assert sorted(result.notified_ids) == sorted([lilei, emma])
    assert len(owed(store, SERIES_CHANGED, lilei)) == 1
    assert len(owed(store, SERIES_CHANGED, emma)) == 1
    assert owed(store, outbox.SHIFT_CHANGED) == []  # no per-occurrence notices
    # Reminders follow the new time; the untouched Friday keeps its own.
    with store.session(write=False) as session:
        reminders = {
            (row.shift_id, row.due_at)
            for row in session.exec(
                select(Outbox).where(
                    Outbox.recipient_id == lilei,
                    Outbox.kind == outbox.reminder_kind(timedelta(hours=2)),
                    Outbox.state == OutboxState.PENDING,
                )
            )
        }
    assert (after[2].id, _at("2026-12-18 16:00")) in reminders
    assert (after[1].id, _at("2026-12-11 06:00")) in reminders
    series = series_row(store, series_id)
    assert series.first_start_local == datetime(2026, 12, 4, 18, 0)
    assert series.title == "文明交通劝导（晚班）"


def test_after_a_time_edit_the_materialiser_uses_the_new_time_and_never_doubles_a_day(
    store: Store, clock: ManualClock
) -> None:
    coordinator, series_id, _lilei, _emma = _weekly_with_people(store, clock)
    fridays = occurrences(store, series_id)
    changes = ShiftChanges(starts_at=_at("2026-12-04 14:00"), ends_at=_at("2026-12-04 16:00"))
    store.call(
        edit_following,
        actor_id=coordinator,
        shift_id=fridays[0].id,
        changes=changes,
        now=clock.now(),
        policy=POLICY,
    )
    clock.advance(timedelta(days=14))
    store.call(materialise_all, now=clock.now(), policy=POLICY)
    starts = local_starts(occurrences(store, series_id))
    assert len(starts) == 10
    assert all(s.endswith("14:00") for s in starts)


def test_this_occurrence_only_changes_just_that_one(store: Store, clock: ManualClock) -> None:
    coordinator, series_id, lilei, _emma = _weekly_with_people(store, clock)
    fridays = occurrences(store, series_id)
    store.call(
        edit_shift,
        actor_id=coordinator,
        shift_id=fridays[1].id,
        changes=ShiftChanges(location="中心农贸市场"),
        now=clock.now(),
        policy=POLICY,
    )
    assert [s.location for s in occurrences(store, series_id)[:3]] == [
        "民主路口",
        "中心农贸市场",
        "民主路口",
    ]
    assert series_row(store, series_id).location == "民主路口"
    assert owed(store, SERIES_CHANGED, lilei) == []


def test_editing_a_past_occurrence_is_refused_and_nothing_changes(
    store: Store, clock: ManualClock
) -> None:
    coordinator, series_id, _lilei, _emma = _weekly_with_people(store, clock)
    clock.advance(timedelta(days=4))
    first = occurrences(store, series_id)[0]
    with pytest.raises(ShiftStarted):
        store.call(
            edit_following,
            actor_id=coordinator,
            shift_id=first.id,
            changes=ShiftChanges(title="新标题"),
            now=clock.now(),
            policy=POLICY,
        )
    assert {s.title for s in occurrences(store, series_id)} == {"文明交通劝导"}
    assert series_row(store, series_id).version == 1


def test_moving_an_occurrence_to_another_day_for_the_whole_series_is_refused(
    store: Store, clock: ManualClock
) -> None:
    coordinator, series_id, _lilei, _emma = _weekly_with_people(store, clock)
    second = occurrences(store, series_id)[1]
    changes = ShiftChanges(starts_at=_at("2026-12-12 08:00"), ends_at=_at("2026-12-12 10:00"))
    with pytest.raises(InvalidInput) as refused:
        store.call(
            edit_following,
            actor_id=coordinator,
            shift_id=second.id,
            changes=changes,
            now=clock.now(),
            policy=POLICY,
        )
    assert refused.value.params == {"field": "start", "reason": "series_day"}


def test_fewer_places_than_confirmed_on_any_following_occurrence_is_refused(
    store: Store, clock: ManualClock
) -> None:
    coordinator, series_id, _lilei, _emma = _weekly_with_people(store, clock)
    first = occurrences(store, series_id)[0]
    with pytest.raises(CapacityBelowConfirmed):
        store.call(
            edit_following,
            actor_id=coordinator,
            shift_id=first.id,
            changes=ShiftChanges(capacity=1),
            now=clock.now(),
            policy=POLICY,
        )
    assert {s.capacity for s in occurrences(store, series_id)} == {3}


def test_a_one_off_shift_has_no_following(store: Store, clock: ManualClock) -> None:
    coordinator = store.call(
        registered, persona=COORDINATOR, now=clock.now(), role=Role.COORDINATOR
    ).id
    shift = store.call(
        create_shift, actor_id=coordinator, draft=draft("2026-12-05 09:00"), now=clock.now()
    )
    with pytest.raises(NotInSeries):
        store.call(
            cancel_following, actor_id=coordinator, shift_id=shift.id, reason=None, now=clock.now()
        )


def test_cancelling_this_and_following_ends_the_series_and_tells_each_volunteer_once(
    store: Store, clock: ManualClock
) -> None:
    coordinator, series_id, lilei, emma = _weekly_with_people(store, clock)
    fridays = occurrences(store, series_id)
    result = store.call(
        cancel_following,
        actor_id=coordinator,
        shift_id=fridays[2].id,
        reason="路口改造",
        now=clock.now(),
    )
    statuses = [s.status for s in occurrences(store, series_id)]
    assert statuses == [ShiftStatus.OPEN] * 2 + [ShiftStatus.CANCELLED] * 6
    assert sorted(result.notified_ids) == sorted([lilei, emma])
    assert [len(owed(store, SERIES_CANCELLED, v)) for v in (lilei, emma)] == [1, 1]
    assert owed(store, outbox.SHIFT_CANCELLED) == []
    assert confirmed_on(store, fridays[0].id or 0) == [lilei]
    series = series_row(store, series_id)
    assert series.ended
    assert rule_from_rrule(series.rrule).until == datetime(2026, 12, 17).date()
    # Reminders of the cancelled Fridays are skipped; the kept ones stay pending.
    with store.session(write=False) as session:
        rows = list(session.exec(select(Outbox).where(Outbox.shift_id == fridays[3].id)))
    assert rows and {r.state for r in rows if r.kind.startswith("reminder")} == {
        OutboxState.SKIPPED
    }
    clock.advance(timedelta(days=30))
    store.call(materialise_all, now=clock.now(), policy=POLICY)
    assert len(occurrences(store, series_id)) == 8
