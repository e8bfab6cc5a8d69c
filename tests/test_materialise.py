"""Rolling series forward: the horizon moves with the clock, each occurrence is created once."""

from __future__ import annotations

import threading
from datetime import timedelta

from sqlmodel import Session

from data.clock import ManualClock
from data.db import Store
from data.materialise import materialise, materialise_all
from data.models import Role, Series, SignupStatus
from data.series_base import STANDING_CLASH, STANDING_WAITLISTED
from data.shifts import create_shift
from data.standing import skip_occurrence, start_standing
from tests.personas import COORDINATOR, EMMA, LILEI, registered
from tests.series_fixtures import (
    POLICY,
    confirmed_on,
    draft,
    fill,
    local_starts,
    occurrences,
    owed,
    places,
    post,
    series_row,
)


def test_the_horizon_moves_forward_as_the_clock_advances(store: Store, clock: ManualClock) -> None:
    coordinator = store.call(
        registered, persona=COORDINATOR, now=clock.now(), role=Role.COORDINATOR
    ).id
    series_id = post(store, clock, coordinator, "weekly").series.id or 0
    assert local_starts(occurrences(store, series_id))[-1] == "2027-01-22 08:00"
    clock.advance(timedelta(days=7))
    store.call(materialise_all, now=clock.now(), policy=POLICY)
    starts = local_starts(occurrences(store, series_id))
    assert starts[-1] == "2027-01-29 08:00"
    assert len(starts) == len(set(starts)) == 9


def test_running_twice_creates_nothing_more(store: Store, clock: ManualClock) -> None:
    coordinator = store.call(
        registered, persona=COORDINATOR, now=clock.now(), role=Role.COORDINATOR
    ).id
    series_id = post(store, clock, coordinator, "weekdays").series.id or 0
    before = len(occurrences(store, series_id))
    for _ in range(2):
        store.call(materialise_all, now=clock.now(), policy=POLICY)
    assert len(occurrences(store, series_id)) == before


def test_a_lost_horizon_mark_recreates_nothing_and_does_not_reseat_a_skipped_volunteer(
    store: Store, clock: ManualClock
) -> None:
    coordinator = store.call(
        registered, persona=COORDINATOR, now=clock.now(), role=Role.COORDINATOR
    ).id
    lilei = store.call(registered, persona=LILEI, now=clock.now()).id
    series_id = post(store, clock, coordinator, "weekly").series.id or 0
    store.call(
        start_standing, volunteer_id=lilei, series_id=series_id, now=clock.now(), policy=POLICY
    )
    second = occurrences(store, series_id)[1]
    store.call(
        skip_occurrence, volunteer_id=lilei, shift_id=second.id, now=clock.now(), policy=POLICY
    )

    def forget(session: Session) -> None:
        series = session.get(Series, series_id)
        assert series is not None
        series.materialised_until = None
        session.add(series)

    store.call(forget)
    result = store.call(
        materialise,
        series_id=series_id,
        until_utc=clock.now() + POLICY.horizon,
        now=clock.now(),
        policy=POLICY,
    )
    assert result.created == ()
    assert len(occurrences(store, series_id)) == 8
    assert places(store, second.id or 0) == {lilei: SignupStatus.CANCELLED}


def test_two_processes_materialising_at_once_create_each_occurrence_once(
    store: Store, clock: ManualClock
) -> None:
    coordinator = store.call(
        registered, persona=COORDINATOR, now=clock.now(), role=Role.COORDINATOR
    ).id
    lilei = store.call(registered, persona=LILEI, now=clock.now()).id
    series_id = post(store, clock, coordinator, "daily", capacity=1).series.id or 0
    store.call(
        start_standing, volunteer_id=lilei, series_id=series_id, now=clock.now(), policy=POLICY
    )
    clock.advance(timedelta(days=14))
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def run() -> None:
        try:
            barrier.wait()
            store.call(materialise_all, now=clock.now(), policy=POLICY)
        except BaseException as exc:  # reported below: a thread's failure must fail the test
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    shifts = occurrences(store, series_id)
    starts = local_starts(shifts)
    assert len(starts) == len(set(starts)) == 54 + 14  # 4 Dec..26 Jan, then 14 more days
    assert all(confirmed_on(store, s.id or 0) == [lilei] for s in shifts[14:])


def test_standing_volunteers_are_seated_in_sign_up_order_and_the_late_one_waitlisted(
    store: Store, clock: ManualClock
) -> None:
    coordinator = store.call(
        registered, persona=COORDINATOR, now=clock.now(), role=Role.COORDINATOR
    ).id
    first, second = [store.call(registered, persona=p, now=clock.now()).id for p in (LILEI, EMMA)]
    series_id = post(store, clock, coordinator, "weekly", capacity=1).series.id or 0
    for volunteer in (first, second):
        store.call(
            start_standing,
            volunteer_id=volunteer,
            series_id=series_id,
            now=clock.now(),
            policy=POLICY,
        )
        clock.advance(timedelta(minutes=1))
    clock.advance(timedelta(days=7))
    new = store.call(materialise_all, now=clock.now(), policy=POLICY)[0].created
    assert len(new) == 1
    assert places(store, new[0].id or 0) == {
        first: SignupStatus.CONFIRMED,
        second: SignupStatus.WAITLISTED,
    }
    told = owed(store, STANDING_WAITLISTED, second)
    assert [row.shift_id for row in told][-1] == new[0].id
    assert owed(store, STANDING_WAITLISTED, first) == []


def test_a_new_occurrence_that_clashes_is_left_out_and_the_volunteer_told(
    store: Store, clock: ManualClock
) -> None:
    coordinator = store.call(
        registered, persona=COORDINATOR, now=clock.now(), role=Role.COORDINATOR
    ).id
    lilei = store.call(registered, persona=LILEI, now=clock.now()).id
    series_id = post(store, clock, coordinator, "weekly x9").series.id or 0
    store.call(
        start_standing, volunteer_id=lilei, series_id=series_id, now=clock.now(), policy=POLICY
    )
    # A one-off shift at the time of the ninth Friday, taken before that Friday exists.
    other = store.call(
        create_shift, actor_id=coordinator, draft=draft("2027-01-29 09:00"), now=clock.now()
    )
    fill(store, clock, other.id or 0, [lilei])
    clock.advance(timedelta(days=7))
    ninth = store.call(materialise_all, now=clock.now(), policy=POLICY)[0].created[0]
    assert local_starts([ninth]) == ["2027-01-29 08:00"]
    assert lilei not in places(store, ninth.id or 0)
    [notice] = owed(store, STANDING_CLASH, lilei)
    assert notice.shift_id == ninth.id and str(other.id) in notice.payload
    assert series_row(store, series_id).ended


def test_occurrences_missed_while_the_scheduler_was_down_are_not_created_in_the_past(
    store: Store, clock: ManualClock
) -> None:
    coordinator = store.call(
        registered, persona=COORDINATOR, now=clock.now(), role=Role.COORDINATOR
    ).id
    series_id = post(store, clock, coordinator, "daily").series.id or 0
    clock.advance(POLICY.horizon + timedelta(days=10))
    created = store.call(materialise_all, now=clock.now(), policy=POLICY)[0].created
    assert created and all(s.starts_at > clock.now() for s in created)
    starts = local_starts(occurrences(store, series_id))
    assert len(starts) == len(set(starts))
    assert "2027-01-30 07:30" not in starts  # in the gap: between the old horizon and now
