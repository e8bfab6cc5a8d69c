"""Standing sign-ups (长期报名): take every occurrence, skip one, end it."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlmodel import Session

from data import outbox
from data.clock import ManualClock
from data.db import Store
from data.errors import NotSignedUp
from data.materialise import materialise_all
from data.models import Role, SignupStatus
from data.series_base import AlreadyStanding, NotStanding, SeriesEnded
from data.series_views import my_standing, series_view, standing_seats
from data.shifts import create_shift
from data.signups import SignupResult, sign_up
from data.standing import (
    ALREADY,
    CLASH,
    TAKEN,
    WAITLISTED,
    StandingResult,
    end_standing,
    skip_occurrence,
    start_standing,
)
from tests.personas import COORDINATOR, EMMA, LILEI, registered
from tests.series_fixtures import (
    POLICY,
    confirmed_on,
    draft,
    fill,
    occurrences,
    owed,
    places,
    post,
)


def _stand(store: Store, clock: ManualClock, volunteer: int, series_id: int) -> StandingResult:
    return store.call(
        start_standing, volunteer_id=volunteer, series_id=series_id, now=clock.now(), policy=POLICY
    )


def test_a_standing_sign_up_takes_every_future_occurrence(store: Store, clock: ManualClock) -> None:
    coordinator = store.call(
        registered, persona=COORDINATOR, now=clock.now(), role=Role.COORDINATOR
    ).id
    lilei = store.call(registered, persona=LILEI, now=clock.now()).id
    series_id = post(store, clock, coordinator, "weekly").series.id or 0
    result = _stand(store, clock, lilei, series_id)
    assert [s.outcome for s in result.seats] == [TAKEN] * 8
    assert all(confirmed_on(store, s.id or 0) == [lilei] for s in occurrences(store, series_id))
    view = store.call(series_view, series_id=series_id, now=clock.now(), viewer_id=lilei)
    assert view.standing_count == 1 and view.mine
    mine = store.call(standing_seats, volunteer_id=lilei, now=clock.now())
    assert len(mine) == 8


def test_clashing_occurrences_are_named_and_left_out_and_full_ones_waitlisted(
    store: Store, clock: ManualClock
) -> None:
    coordinator = store.call(
        registered, persona=COORDINATOR, now=clock.now(), role=Role.COORDINATOR
    ).id
    lilei, emma = [store.call(registered, persona=p, now=clock.now()).id for p in (LILEI, EMMA)]
    series_id = post(store, clock, coordinator, "weekly", capacity=1).series.id or 0
    friday = occurrences(store, series_id)
    clash = store.call(
        create_shift, actor_id=coordinator, draft=draft("2026-12-11 09:00"), now=clock.now()
    )
    fill(store, clock, clash.id or 0, [lilei])
    fill(store, clock, friday[2].id or 0, [emma])  # the third Friday is full
    fill(store, clock, friday[0].id or 0, [lilei])  # the first is already hers
    result = _stand(store, clock, lilei, series_id)
    assert [s.outcome for s in result.seats] == [ALREADY, CLASH, WAITLISTED] + [TAKEN] * 5
    [clashing] = result.having(CLASH)
    assert clashing.shift.id == friday[1].id and clashing.clash is not None
    assert clashing.clash.id == clash.id
    assert result.having(WAITLISTED)[0].position == 1
    assert lilei not in places(store, friday[1].id or 0)
    assert places(store, friday[2].id or 0)[lilei] == SignupStatus.WAITLISTED


def test_signing_up_twice_for_the_same_series_is_refused(store: Store, clock: ManualClock) -> None:
    coordinator = store.call(
        registered, persona=COORDINATOR, now=clock.now(), role=Role.COORDINATOR
    ).id
    lilei = store.call(registered, persona=LILEI, now=clock.now()).id
    series_id = post(store, clock, coordinator, "weekly").series.id or 0
    _stand(store, clock, lilei, series_id)
    with pytest.raises(AlreadyStanding):
        _stand(store, clock, lilei, series_id)


def test_skipping_one_gives_the_seat_to_the_first_waitlisted_who_is_told(
    store: Store, clock: ManualClock
) -> None:
    coordinator = store.call(
        registered, persona=COORDINATOR, now=clock.now(), role=Role.COORDINATOR
    ).id
    lilei, emma = [store.call(registered, persona=p, now=clock.now()).id for p in (LILEI, EMMA)]
    series_id = post(store, clock, coordinator, "weekly", capacity=1).series.id or 0
    _stand(store, clock, lilei, series_id)
    second = occurrences(store, series_id)[1]
    store.call(_sign_up_or_wait, volunteer_id=emma, shift_id=second.id, now=clock.now())
    result = store.call(
        skip_occurrence, volunteer_id=lilei, shift_id=second.id, now=clock.now(), policy=POLICY
    )
    assert result.promoted_ids == (emma,)
    assert confirmed_on(store, second.id or 0) == [emma]
    assert [row.shift_id for row in owed(store, outbox.PROMOTED, emma)] == [second.id]
    # The standing sign-up goes on: the other Fridays are still hers.
    assert all(
        confirmed_on(store, s.id or 0) == [lilei]
        for s in occurrences(store, series_id)
        if s.id != second.id
    )
    with pytest.raises(NotSignedUp):
        store.call(
            skip_occurrence, volunteer_id=lilei, shift_id=second.id, now=clock.now(), policy=POLICY
        )


def _sign_up_or_wait(
    *, session: Session, volunteer_id: int, shift_id: int, now: datetime
) -> SignupResult:
    """A direct sign-up that joins the waitlist when the shift is full."""
    return sign_up(
        session=session,
        volunteer_id=volunteer_id,
        shift_id=shift_id,
        now=now,
        policy=POLICY,
        waitlist_ok=True,
    )


def test_ending_releases_future_seats_only_and_promotes_the_waitlist(
    store: Store, clock: ManualClock
) -> None:
    coordinator = store.call(
        registered, persona=COORDINATOR, now=clock.now(), role=Role.COORDINATOR
    ).id
    lilei, emma = [store.call(registered, persona=p, now=clock.now()).id for p in (LILEI, EMMA)]
    series_id = post(store, clock, coordinator, "weekly", capacity=1).series.id or 0
    _stand(store, clock, lilei, series_id)
    fridays = occurrences(store, series_id)
    store.call(_sign_up_or_wait, volunteer_id=emma, shift_id=fridays[3].id, now=clock.now())
    clock.advance(timedelta(days=4))  # Saturday 5 Dec: the first Friday is past
    result = store.call(
        end_standing, volunteer_id=lilei, series_id=series_id, now=clock.now(), policy=POLICY
    )
    assert len(result.released) == 7 and result.promoted_ids == (emma,)
    assert confirmed_on(store, fridays[0].id or 0) == [lilei]  # past: untouched
    assert confirmed_on(store, fridays[3].id or 0) == [emma]
    assert all(places(store, s.id or 0)[lilei] == SignupStatus.CANCELLED for s in fridays[1:])
    assert store.call(my_standing, volunteer_id=lilei, now=clock.now()) == []
    # Ended: new occurrences no longer seat her.
    clock.advance(timedelta(days=7))
    new = store.call(materialise_all, now=clock.now(), policy=POLICY)[0].created
    assert new and lilei not in places(store, new[0].id or 0)
    with pytest.raises(NotStanding):
        store.call(
            end_standing, volunteer_id=lilei, series_id=series_id, now=clock.now(), policy=POLICY
        )


def test_signing_up_again_after_ending_goes_to_the_back_of_the_order(
    store: Store, clock: ManualClock
) -> None:
    coordinator = store.call(
        registered, persona=COORDINATOR, now=clock.now(), role=Role.COORDINATOR
    ).id
    lilei, emma = [store.call(registered, persona=p, now=clock.now()).id for p in (LILEI, EMMA)]
    series_id = post(store, clock, coordinator, "weekly", capacity=1).series.id or 0
    _stand(store, clock, lilei, series_id)
    store.call(
        end_standing, volunteer_id=lilei, series_id=series_id, now=clock.now(), policy=POLICY
    )
    clock.advance(timedelta(minutes=1))
    _stand(store, clock, emma, series_id)
    clock.advance(timedelta(minutes=1))
    again = _stand(store, clock, lilei, series_id)
    assert {s.outcome for s in again.seats} == {WAITLISTED}
    clock.advance(timedelta(days=7))
    [new] = store.call(materialise_all, now=clock.now(), policy=POLICY)[0].created
    assert places(store, new.id or 0) == {
        emma: SignupStatus.CONFIRMED,
        lilei: SignupStatus.WAITLISTED,
    }


def test_a_finished_series_takes_no_standing_sign_up(store: Store, clock: ManualClock) -> None:
    coordinator = store.call(
        registered, persona=COORDINATOR, now=clock.now(), role=Role.COORDINATOR
    ).id
    lilei = store.call(registered, persona=LILEI, now=clock.now()).id
    series_id = post(store, clock, coordinator, "weekly x2").series.id or 0
    clock.advance(timedelta(days=14))
    with pytest.raises(SeriesEnded):
        _stand(store, clock, lilei, series_id)
