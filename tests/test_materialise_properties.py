"""Property: however the clock moves (in steps within the horizon), the materialised occurrences
of a series are exactly what its rule gives, once each, at the same local wall time, and none that
is open falls on a skipped date."""

from __future__ import annotations

import uuid
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import col, select

from data.clock import ManualClock
from data.db import Store, make_engine
from data.errors import InvalidInput
from data.localtime import day_end
from data.materialise import materialise_all
from data.models import Role, ShiftStatus
from data.models import Shift as ShiftRow
from data.series_base import occurrence_starts
from data.series_skip import skip_dates
from tests import dbs
from tests.harness import START
from tests.personas import COORDINATOR, registered
from tests.series_fixtures import POLICY, post, series_row

RULES = (
    "daily",
    "weekdays",
    "weekly",
    "每周一三五",
    "every 2 weeks",
    "monthly",
    "weekly x12",
    "daily until 2027-02-20",
)
ZONES = ("Asia/Shanghai", "Europe/Berlin", "America/New_York")


@pytest.mark.slow
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    rule=st.sampled_from(RULES),
    zone=st.sampled_from(ZONES),
    start_day=st.integers(min_value=1, max_value=20),
    hour=st.integers(min_value=0, max_value=23),
    skip=st.tuples(st.integers(min_value=10, max_value=80), st.integers(min_value=0, max_value=9)),
    steps=st.lists(st.integers(min_value=1, max_value=56), min_size=1, max_size=5),
)
def test_materialised_occurrences_are_exactly_the_rules(
    sqlite_template: Path,
    tmp_path_factory: pytest.TempPathFactory,
    rule: str,
    zone: str,
    start_day: int,
    hour: int,
    skip: tuple[int, int],
    steps: list[int],
) -> None:
    folder = tmp_path_factory.mktemp(uuid.uuid4().hex[:8])
    engine = make_engine(dbs.sqlite_copy(sqlite_template, folder))
    store, clock = Store(engine), ManualClock(START)
    try:
        coordinator = store.call(
            registered, persona=COORDINATOR, now=clock.now(), role=Role.COORDINATOR
        ).id
        tz = ZoneInfo(zone)
        first = (START + timedelta(days=start_day)).astimezone(tz).replace(hour=hour, minute=30)
        created = post(store, clock, coordinator, rule, start=f"{first:%Y-%m-%d %H:%M}", tz=zone)
        series_id = created.series.id or 0
        skip_first = (START + timedelta(days=skip[0])).astimezone(tz).date()
        skip_last = skip_first + timedelta(days=skip[1])
        try:
            store.call(
                skip_dates,
                actor_id=coordinator,
                series_id=series_id,
                first_day=skip_first,
                last_day=skip_last,
                now=clock.now(),
            )
            skips = [(skip_first, skip_last)]
        except InvalidInput:  # outside the series, or no occurrence there: nothing stored
            skips = []
        for days in steps:
            clock.advance(timedelta(days=days))
            store.call(materialise_all, now=clock.now(), policy=POLICY)
            store.call(materialise_all, now=clock.now(), policy=POLICY)  # twice: no change

        with store.session(write=False) as session:
            rows = list(
                session.exec(
                    select(ShiftRow)
                    .where(ShiftRow.series_id == series_id)
                    .order_by(col(ShiftRow.starts_at))
                )
            )
        series = series_row(store, series_id)
        window = (START, day_end(clock.now() + POLICY.horizon, series.tz))
        expected = occurrence_starts(
            series, window_start=window[0], window_end=window[1], skips=skips
        )
        everything = occurrence_starts(
            series, window_start=window[0], window_end=window[1], skips=[]
        )
        open_starts = [r.starts_at for r in rows if r.status == ShiftStatus.OPEN]
        all_starts = [r.starts_at for r in rows]

        assert len(all_starts) == len(set(all_starts))
        assert open_starts == expected
        assert set(expected) <= set(all_starts) <= set(everything)
        assert {r.starts_at.astimezone(tz).strftime("%H:%M") for r in rows} <= {
            f"{hour:02d}:30",
            f"{(hour + 1) % 24:02d}:30",  # a start in a spring-forward gap moves on by an hour
        }
        for row in rows:
            if row.status == ShiftStatus.OPEN:
                day = row.starts_at.astimezone(tz).date()
                assert not any(a <= day <= b for a, b in skips)
    finally:
        engine.dispose()
