"""Posting a regular shift (常态化岗位): validation, the first horizon, local time across DST."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import select

from data.clock import ManualClock
from data.db import Store
from data.errors import InvalidInput, NotAllowed
from data.materialise import materialise_all
from data.models import Role, Series, Shift
from data.recurrence import rule_from_rrule
from tests.personas import COORDINATOR, ZHAO, registered
from tests.series_fixtures import POLICY, local_starts, occurrences, post, series_row


def _count(store: Store, model: type[Series] | type[Shift]) -> int:
    with store.session(write=False) as session:
        return len(list(session.exec(select(model))))


def test_a_weekly_series_is_materialised_eight_weeks_ahead(
    store: Store, clock: ManualClock
) -> None:
    coordinator = store.call(
        registered, persona=COORDINATOR, now=clock.now(), role=Role.COORDINATOR
    ).id
    created = post(store, clock, coordinator, "weekly", start="2026-12-04 08:00")
    starts = local_starts(list(created.occurrences))
    # Now is Tue 1 Dec; eight weeks ahead ends on Tue 26 Jan: eight Fridays.
    assert starts == [
        "2026-12-04 08:00",
        "2026-12-11 08:00",
        "2026-12-18 08:00",
        "2026-12-25 08:00",
        "2027-01-01 08:00",
        "2027-01-08 08:00",
        "2027-01-15 08:00",
        "2027-01-22 08:00",
    ]
    assert all(
        s.ends_at - s.starts_at == created.occurrences[0].ends_at - created.occurrences[0].starts_at
        for s in created.occurrences
    )
    series = series_row(store, created.series.id or 0)
    assert series.first_start_local == datetime(2026, 12, 4, 8, 0)
    assert series.duration_minutes == 120
    assert rule_from_rrule(series.rrule).kind == "weekly"
    assert not series.ended


def test_a_counted_series_stops_after_its_count_and_is_marked_ended(
    store: Store, clock: ManualClock
) -> None:
    coordinator = store.call(
        registered, persona=COORDINATOR, now=clock.now(), role=Role.COORDINATOR
    ).id
    created = post(store, clock, coordinator, "每周一三五 x4", start="2026-12-04 08:00")
    assert local_starts(list(created.occurrences)) == [
        "2026-12-04 08:00",
        "2026-12-07 08:00",
        "2026-12-09 08:00",
        "2026-12-11 08:00",
    ]
    assert series_row(store, created.series.id or 0).ended


def test_an_open_ended_daily_series_is_never_materialised_past_the_horizon(
    store: Store, clock: ManualClock
) -> None:
    coordinator = store.call(
        registered, persona=COORDINATOR, now=clock.now(), role=Role.COORDINATOR
    ).id
    created = post(store, clock, coordinator, "daily", start="2026-12-02 07:30")
    assert len(created.occurrences) == 56  # 2 Dec .. 26 Jan
    store.call(materialise_all, now=clock.now(), policy=POLICY)
    assert len(occurrences(store, created.series.id or 0)) == 56


def test_a_volunteer_cannot_post_a_series_and_nothing_is_stored(
    store: Store, clock: ManualClock
) -> None:
    volunteer = store.call(registered, persona=ZHAO, now=clock.now()).id
    with pytest.raises(NotAllowed):
        post(store, clock, volunteer)
    assert _count(store, Series) == 0 and _count(store, Shift) == 0


@pytest.mark.parametrize(
    ("start", "kwargs", "field"),
    [
        ("2026-11-27 08:00", {}, "start"),  # last Friday: already past
        ("2026-12-04 08:00", {"capacity": 0}, "capacity"),
        ("2026-12-04 08:00", {"hours": 0}, "end"),
    ],
)
def test_a_series_with_a_bad_field_is_refused_and_nothing_is_stored(
    store: Store, clock: ManualClock, start: str, kwargs: dict[str, int], field: str
) -> None:
    coordinator = store.call(
        registered, persona=COORDINATOR, now=clock.now(), role=Role.COORDINATOR
    ).id
    with pytest.raises(InvalidInput) as refused:
        post(store, clock, coordinator, "weekly", start=start, **kwargs)
    assert refused.value.params["field"] == field
    assert _count(store, Series) == 0 and _count(store, Shift) == 0


def test_a_rule_with_no_occurrence_at_all_is_refused(store: Store, clock: ManualClock) -> None:
    coordinator = store.call(
        registered, persona=COORDINATOR, now=clock.now(), role=Role.COORDINATOR
    ).id
    with pytest.raises(InvalidInput) as refused:
        # Starts on Friday 4 Dec, runs on Mondays, ends Sunday 6 Dec: never.
        post(store, clock, coordinator, "weekly mon until 2026-12-06", start="2026-12-04 08:00")
    assert refused.value.params == {"field": "repeat", "reason": "no_occurrences"}
    assert _count(store, Series) == 0


def test_berlin_series_keeps_its_local_time_across_both_dst_changes(
    store: Store, clock: ManualClock
) -> None:
    clock.set(datetime(2027, 3, 1, 12, 0, tzinfo=ZoneInfo("Europe/Berlin")))
    coordinator = store.call(
        registered, persona=COORDINATOR, now=clock.now(), role=Role.COORDINATOR
    ).id
    created = post(
        store, clock, coordinator, "weekly", start="2027-03-21 09:00", tz="Europe/Berlin"
    )
    first, second = created.occurrences[0], created.occurrences[1]
    # 28 Mar 2027 clocks go forward: 09:00 CET is 08:00 UTC, 09:00 CEST is 07:00 UTC.
    assert first.starts_at.hour == 8 and second.starts_at.hour == 7
    assert set(local_starts(list(created.occurrences), "Europe/Berlin")) == {
        f"2027-{d} 09:00" for d in ("03-21", "03-28", "04-04", "04-11", "04-18", "04-25")
    }
    clock.set(datetime(2027, 10, 20, 12, 0, tzinfo=ZoneInfo("Europe/Berlin")))
    store.call(materialise_all, now=clock.now(), policy=POLICY)
    autumn = [
        s for s in occurrences(store, created.series.id or 0) if s.starts_at.month in (10, 11)
    ]
    assert {s.starts_at.astimezone(ZoneInfo("Europe/Berlin")).hour for s in autumn} == {9}
    assert {s.starts_at.hour for s in autumn} == {7, 8}  # CEST before 31 Oct, CET after


def test_new_york_series_keeps_its_local_time_across_dst(store: Store, clock: ManualClock) -> None:
    clock.set(datetime(2027, 3, 1, 12, 0, tzinfo=ZoneInfo("America/New_York")))
    coordinator = store.call(
        registered, persona=COORDINATOR, now=clock.now(), role=Role.COORDINATOR
    ).id
    created = post(
        store,
        clock,
        coordinator,
        "weekdays x10",
        start="2027-03-10 18:30",
        tz="America/New_York",
    )
    starts = list(created.occurrences)
    assert local_starts(starts, "America/New_York") == [
        f"2027-03-{d:02d} 18:30" for d in (10, 11, 12, 15, 16, 17, 18, 19, 22, 23)
    ]
    # EST (UTC-5) until Sun 14 Mar 2027, EDT (UTC-4) after.
    assert [s.starts_at.hour for s in starts[:3]] == [23, 23, 23]
    assert {s.starts_at.hour for s in starts[3:]} == {22}
