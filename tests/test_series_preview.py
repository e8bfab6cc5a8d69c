"""The dates a regular shift shows before it is posted are the dates posting it creates."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from data.clock import ManualClock
from data.db import Store
from data.materialise import materialise_all
from data.models import Role
from data.recurrence import parse_repeat
from data.series import preview_starts
from data.series_base import skip_ranges
from data.series_plan import SeriesPlan
from data.series_skip import skip_dates
from tests.personas import COORDINATOR, registered
from tests.series_fixtures import POLICY, day, draft, local_starts, occurrences, post, series_row

TZ = "Asia/Shanghai"


def _preview(repeat: str, start: str, clock: ManualClock) -> list[str]:
    shift_draft = draft(start)
    rule = parse_repeat(repeat, start=shift_draft.starts_at.astimezone(ZoneInfo(TZ)).date())
    starts = preview_starts(
        rule, starts_at=shift_draft.starts_at, tz=TZ, now=clock.now(), policy=POLICY
    )
    return [s.astimezone(ZoneInfo(TZ)).strftime("%Y-%m-%d %H:%M") for s in starts]


def _coordinator(store: Store, clock: ManualClock) -> int:
    person = store.call(registered, persona=COORDINATOR, now=clock.now(), role=Role.COORDINATOR)
    assert person.id is not None
    return person.id


def test_the_preview_lists_exactly_what_posting_creates(store: Store, clock: ManualClock) -> None:
    coordinator = _coordinator(store, clock)
    for repeat, start in [
        ("weekly", "2026-12-04 08:00"),
        ("每周五", "2026-12-05 08:00"),  # typed a Saturday: the first date is the next Friday
        ("weekly mon,wed,fri x5", "2026-12-08 19:00"),
        ("monthly", "2026-12-31 09:00"),
    ]:
        preview = _preview(repeat, start, clock)
        created = post(store, clock, coordinator, repeat, start=start)
        assert preview == local_starts(list(created.occurrences)), repeat
    assert _preview("每周五", "2026-12-05 08:00", clock)[0] == "2026-12-11 08:00"


def test_the_plan_with_holidays_is_what_the_roll_forward_posts(
    store: Store, clock: ManualClock
) -> None:
    coordinator = _coordinator(store, clock)
    series_id = post(store, clock, coordinator, "weekly x12", start="2026-12-04 08:00").series.id
    assert series_id is not None
    store.call(
        skip_dates,
        actor_id=coordinator,
        series_id=series_id,
        first_day=day("2027-02-05"),
        last_day=day("2027-02-12"),
        now=clock.now(),
    )
    clock.advance(timedelta(weeks=6))
    series = series_row(store, series_id)
    assert series.materialised_until is not None
    with store.session(write=False) as session:
        plan = SeriesPlan.of(series, skip_ranges(session=session, series_id=series_id))
    end = plan.horizon_end(clock.now() + POLICY.horizon)
    expected = plan.starts_between(series.materialised_until, end)
    before = {s.id for s in occurrences(store, series_id)}
    store.call(materialise_all, now=clock.now(), policy=POLICY)
    added = [s for s in occurrences(store, series_id) if s.id not in before]
    assert [s.starts_at for s in added] == expected
    # Two Fridays skipped still count: twelve weeks end on 19 Feb, ten occurrences in all.
    assert local_starts(added) == ["2027-01-29 08:00", "2027-02-19 08:00"]
