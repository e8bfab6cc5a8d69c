"""The capacity invariant under a race: 50 sign-ups for the last 5 seats, threads and processes."""

from __future__ import annotations

import multiprocessing as mp
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime

import pytest
from sqlmodel import select

from data.clock import ManualClock
from data.db import Store, make_engine
from data.models import Role, Signup, SignupStatus
from data.policy import Policy
from data.signups import sign_up
from tests.domain_setup import shift
from tests.harness import START
from tests.personas import COORDINATOR, crowd, registered

RACERS = 50
SEATS_LEFT = 5


def _prepare(store: Store, now: datetime) -> tuple[int, list[int]]:
    """A 10-seat shift with 5 seats taken, and 50 volunteers ready to race for the rest."""
    with store.session() as session:
        coordinator = registered(
            session=session, persona=COORDINATOR, now=now, role=Role.COORDINATOR
        )
        assert coordinator.id is not None
        target = shift(session, coordinator.id, now, capacity=10)
        assert target.id is not None
        early = [
            registered(session=session, persona=p, now=now)
            for p in crowd(10 - SEATS_LEFT, first_id=100)
        ]
        racers = [
            registered(session=session, persona=p, now=now) for p in crowd(RACERS, first_id=3000)
        ]
    for person in early:
        store.call(sign_up, volunteer_id=person.id, shift_id=target.id, now=now, policy=Policy())
    return target.id, [r.id for r in racers if r.id is not None]


def _race(store: Store, shift_id: int, volunteer_ids: list[int], now: datetime) -> list[str]:
    def one(volunteer_id: int) -> str:
        result = store.call(
            sign_up,
            volunteer_id=volunteer_id,
            shift_id=shift_id,
            now=now,
            policy=Policy(),
            waitlist_ok=True,
        )
        return result.status

    with ThreadPoolExecutor(max_workers=len(volunteer_ids)) as pool:
        return list(pool.map(one, volunteer_ids))


def _statuses(store: Store, shift_id: int) -> list[Signup]:
    with store.session(write=False) as session:
        return list(session.exec(select(Signup).where(Signup.shift_id == shift_id)))


def _assert_invariant(store: Store, shift_id: int) -> None:
    rows = _statuses(store, shift_id)
    confirmed = [r for r in rows if r.status == SignupStatus.CONFIRMED]
    waiting = sorted(r.waitlist_seq or 0 for r in rows if r.status == SignupStatus.WAITLISTED)
    assert len(confirmed) == 10
    assert len(waiting) == RACERS - SEATS_LEFT
    assert waiting == sorted(set(waiting)), "waitlist positions must be distinct"


def test_fifty_threads_racing_for_five_seats_leave_exactly_five_confirmed(store: Store) -> None:
    now = ManualClock(START).now()
    shift_id, racers = _prepare(store, now)
    statuses = _race(store, shift_id, racers, now)
    assert statuses.count(SignupStatus.CONFIRMED) == SEATS_LEFT
    assert statuses.count(SignupStatus.WAITLISTED) == RACERS - SEATS_LEFT
    _assert_invariant(store, shift_id)


def _process_racer(
    url: str, shift_id: int, volunteer_ids: list[int], go: object, out: object
) -> None:
    store = Store(make_engine(url))
    go.wait(30)  # type: ignore[attr-defined]
    statuses = _race(store, shift_id, volunteer_ids, START)
    out.put(statuses)  # type: ignore[attr-defined]
    store.engine.dispose()


@pytest.mark.slow
def test_two_processes_racing_for_five_seats_leave_exactly_five_confirmed(
    store: Store, db_url: str
) -> None:
    now = START
    shift_id, racers = _prepare(store, now)
    ctx = mp.get_context("spawn")
    go, out = ctx.Event(), ctx.Queue()
    halves = [racers[: RACERS // 2], racers[RACERS // 2 :]]
    workers = [
        ctx.Process(target=_process_racer, args=(db_url, shift_id, half, go, out))
        for half in halves
    ]
    for worker in workers:
        worker.start()
    go.set()
    statuses = out.get(timeout=60) + out.get(timeout=60)
    for worker in workers:
        worker.join(30)
        assert worker.exitcode == 0
    assert statuses.count(SignupStatus.CONFIRMED) == SEATS_LEFT
    _assert_invariant(store, shift_id)
