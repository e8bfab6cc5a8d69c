"""Holiday dates (/skip): occurrences not created, or cancelled with one notice; bad ranges refused."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from data.clock import ManualClock
from data.db import Store
from data.errors import InvalidInput, NotAllowed
from data.materialise import materialise_all
from data.models import Role, SeriesSkip, ShiftStatus
from data.series_base import SERIES_SKIPPED
from data.series_skip import skip_dates
from data.standing import start_standing
from tests.personas import COORDINATOR, LILEI, ZHAO, registered
from tests.series_fixtures import POLICY, day, local_starts, occurrences, owed, post


def _skips(store: Store) -> list[SeriesSkip]:
    with store.session(write=False) as session:
        return list(session.exec(select(SeriesSkip)))


def test_skipping_materialised_dates_cancels_them_and_tells_each_volunteer_once(
    store: Store, clock: ManualClock
) -> None:
    coordinator = store.call(
        registered, persona=COORDINATOR, now=clock.now(), role=Role.COORDINATOR
    ).id
    lilei = store.call(registered, persona=LILEI, now=clock.now()).id
    series_id = post(store, clock, coordinator, "daily").series.id or 0
    store.call(
        start_standing, volunteer_id=lilei, series_id=series_id, now=clock.now(), policy=POLICY
    )
    result = store.call(
        skip_dates,
        actor_id=coordinator,
        series_id=series_id,
        first_day=day("2026-12-24"),
        last_day=day("2026-12-27"),
        now=clock.now(),
    )
    assert local_starts(list(result.cancelled)) == [f"2026-12-{d} 08:00" for d in (24, 25, 26, 27)]
    cancelled = [s for s in occurrences(store, series_id) if s.status == ShiftStatus.CANCELLED]
    assert len(cancelled) == 4
    assert result.notified_ids == (lilei,)
    assert len(owed(store, SERIES_SKIPPED, lilei)) == 1


def test_skipped_dates_beyond_the_horizon_are_never_created(
    store: Store, clock: ManualClock
) -> None:
    coordinator = store.call(
        registered, persona=COORDINATOR, now=clock.now(), role=Role.COORDINATOR
    ).id
    series_id = post(store, clock, coordinator, "weekdays").series.id or 0
    # Spring Festival week 2027 (10–17 Feb) is past the first horizon.
    result = store.call(
        skip_dates,
        actor_id=coordinator,
        series_id=series_id,
        first_day=day("2027-02-10"),
        last_day=day("2027-02-17"),
        now=clock.now(),
    )
    assert result.cancelled == ()
    clock.advance(timedelta(weeks=4))
    store.call(materialise_all, now=clock.now(), policy=POLICY)
    starts = local_starts(occurrences(store, series_id))
    assert "2027-02-09 08:00" in starts and "2027-02-18 08:00" in starts
    assert not [s for s in starts if "2027-02-10" <= s[:10] <= "2027-02-17"]


@pytest.mark.parametrize(
    ("repeat", "first", "last", "reason"),
    [
        ("weekly", "2027-02-17", "2027-02-10", "reversed"),
        ("weekly x3", "2027-03-01", "2027-03-07", "outside"),  # the series ends 18 Dec
        ("weekly", "2026-11-01", "2026-11-30", "past"),
        ("weekly until 2027-01-31", "2027-02-01", "2027-02-07", "outside"),
        ("weekly", "2026-12-07", "2026-12-10", "no_occurrence"),  # Mon–Thu of a Friday series
        ("weekly", "2027-01-01", "2028-06-01", "too_long"),
    ],
)
def test_bad_skip_ranges_are_refused_and_nothing_is_stored(
    store: Store, clock: ManualClock, repeat: str, first: str, last: str, reason: str
) -> None:
    coordinator = store.call(
        registered, persona=COORDINATOR, now=clock.now(), role=Role.COORDINATOR
    ).id
    series_id = post(store, clock, coordinator, repeat).series.id or 0
    with pytest.raises(InvalidInput) as refused:
        store.call(
            skip_dates,
            actor_id=coordinator,
            series_id=series_id,
            first_day=day(first),
            last_day=day(last),
            now=clock.now(),
        )
    assert refused.value.params["field"] == "skip"
    assert refused.value.params["reason"] == reason
    assert _skips(store) == []
    assert {s.status for s in occurrences(store, series_id)} == {ShiftStatus.OPEN}


def test_a_volunteer_cannot_skip_dates(store: Store, clock: ManualClock) -> None:
    coordinator = store.call(
        registered, persona=COORDINATOR, now=clock.now(), role=Role.COORDINATOR
    ).id
    zhao = store.call(registered, persona=ZHAO, now=clock.now()).id
    series_id = post(store, clock, coordinator, "weekly").series.id or 0
    with pytest.raises(NotAllowed):
        store.call(
            skip_dates,
            actor_id=zhao,
            series_id=series_id,
            first_day=day("2026-12-24"),
            last_day=day("2026-12-27"),
            now=clock.now(),
        )
    assert _skips(store) == []
