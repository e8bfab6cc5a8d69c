"""Sign-up rules on a real database (SQLite and PostgreSQL): seats, waitlist, promotion, clashes."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from data.clock import ManualClock
from data.db import Store
from data.errors import (
    AlreadySignedUp,
    NotSignedUp,
    Overlap,
    ShiftCancelled,
    ShiftFull,
    ShiftStarted,
)
from data.models import Outbox, OutboxState, Role, SignupStatus
from data.policy import Policy
from data.shift_changes import ShiftChanges, cancel_shift, edit_shift
from data.signups import cancel_signup, sign_up
from tests.domain_setup import shift
from tests.personas import COORDINATOR, EMMA, LILEI, ZHAO, registered

POLICY = Policy()


@pytest.fixture
def world(store: Store, clock: ManualClock) -> dict[str, int]:
    """A coordinator, three volunteers and a two-seat shift two days ahead."""
    now = clock.now()
    with store.session() as session:
        ids = {
            "coordinator": registered(
                session=session, persona=COORDINATOR, now=now, role=Role.COORDINATOR
            ).id,
            "li": registered(session=session, persona=LILEI, now=now).id,
            "emma": registered(session=session, persona=EMMA, now=now).id,
            "zhao": registered(session=session, persona=ZHAO, now=now).id,
        }
        ids["shift"] = shift(session, ids["coordinator"], now, capacity=2).id  # type: ignore[arg-type]
    return {k: v for k, v in ids.items() if v is not None}


def _sign(store: Store, clock: ManualClock, who: int, shift_id: int, **kw: object) -> str:
    return store.call(
        sign_up, volunteer_id=who, shift_id=shift_id, now=clock.now(), policy=POLICY, **kw
    ).status


def _outbox(store: Store, **where: object) -> list[Outbox]:
    with store.session(write=False) as session:
        query = select(Outbox)
        for name, value in where.items():
            query = query.where(getattr(Outbox, name) == value)
        return list(session.exec(query))


def test_it_confirms_until_full_then_refuses_or_waitlists(
    store: Store, clock: ManualClock, world: dict[str, int]
) -> None:
    assert _sign(store, clock, world["li"], world["shift"]) == SignupStatus.CONFIRMED
    assert _sign(store, clock, world["emma"], world["shift"]) == SignupStatus.CONFIRMED
    with pytest.raises(ShiftFull):
        _sign(store, clock, world["zhao"], world["shift"])
    result = store.call(
        sign_up,
        volunteer_id=world["zhao"],
        shift_id=world["shift"],
        now=clock.now(),
        policy=POLICY,
        waitlist_ok=True,
    )
    assert (result.status, result.position) == (SignupStatus.WAITLISTED, 1)


def test_signing_up_twice_is_refused(
    store: Store, clock: ManualClock, world: dict[str, int]
) -> None:
    _sign(store, clock, world["li"], world["shift"])
    with pytest.raises(AlreadySignedUp):
        _sign(store, clock, world["li"], world["shift"])


def test_it_promotes_the_first_waitlisted_volunteer_and_owes_them_a_message(
    store: Store, clock: ManualClock, world: dict[str, int]
) -> None:
    _sign(store, clock, world["li"], world["shift"])
    _sign(store, clock, world["emma"], world["shift"])
    _sign(store, clock, world["zhao"], world["shift"], waitlist_ok=True)
    result = store.call(
        cancel_signup,
        volunteer_id=world["li"],
        shift_id=world["shift"],
        now=clock.now(),
        policy=POLICY,
    )
    assert result.promoted_ids == (world["zhao"],)
    told = _outbox(store, kind="promoted", recipient_id=world["zhao"])
    assert len(told) == 1 and told[0].state == OutboxState.PENDING and told[0].due_at == clock.now()
    # Li's reminders are no longer owed; Zhao's now are.
    assert {o.state for o in _outbox(store, recipient_id=world["li"])} == {OutboxState.SKIPPED}
    assert {
        o.kind for o in _outbox(store, recipient_id=world["zhao"], state=OutboxState.PENDING)
    } >= {"reminder:24h", "reminder:2h"}


def test_signing_up_again_after_cancelling_owes_the_reminders_again_once(
    store: Store, clock: ManualClock, world: dict[str, int]
) -> None:
    _sign(store, clock, world["li"], world["shift"])
    store.call(
        cancel_signup,
        volunteer_id=world["li"],
        shift_id=world["shift"],
        now=clock.now(),
        policy=POLICY,
    )
    _sign(store, clock, world["li"], world["shift"])
    reminders = _outbox(store, recipient_id=world["li"], kind="reminder:24h")
    assert len(reminders) == 1 and reminders[0].state == OutboxState.PENDING


def test_a_sign_up_after_the_24h_moment_is_owed_only_the_later_reminder(
    store: Store, clock: ManualClock, world: dict[str, int]
) -> None:
    clock.advance(timedelta(days=1, hours=1))  # the shift now starts in 23 hours
    _sign(store, clock, world["li"], world["shift"])
    kinds = {o.kind for o in _outbox(store, recipient_id=world["li"])}
    assert "reminder:24h" not in kinds and "reminder:2h" in kinds


def test_an_overlapping_shift_is_refused_with_the_clash_named(
    store: Store, clock: ManualClock, world: dict[str, int]
) -> None:
    _sign(store, clock, world["li"], world["shift"])
    with store.session() as session:
        other = shift(
            session,
            world["coordinator"],
            clock.now(),
            starts_in=timedelta(days=2, hours=1),
            title="食品安全宣传",
        )
    with pytest.raises(Overlap) as caught:
        _sign(store, clock, world["li"], other.id)  # type: ignore[arg-type]
    assert caught.value.params["clash"].id == world["shift"]


def test_started_or_cancelled_shifts_take_no_sign_ups(
    store: Store, clock: ManualClock, world: dict[str, int]
) -> None:
    store.call(
        cancel_shift,
        actor_id=world["coordinator"],
        shift_id=world["shift"],
        reason="大雨",
        now=clock.now(),
    )
    with pytest.raises(ShiftCancelled):
        _sign(store, clock, world["li"], world["shift"])
    with store.session() as session:
        later = shift(session, world["coordinator"], clock.now())
    clock.advance(timedelta(days=3))
    with pytest.raises(ShiftStarted):
        _sign(store, clock, world["li"], later.id)  # type: ignore[arg-type]


def test_cancelling_a_place_you_do_not_hold_is_refused(
    store: Store, clock: ManualClock, world: dict[str, int]
) -> None:
    with pytest.raises(NotSignedUp):
        store.call(
            cancel_signup,
            volunteer_id=world["li"],
            shift_id=world["shift"],
            now=clock.now(),
            policy=POLICY,
        )


def test_more_capacity_promotes_the_waitlist_in_order(
    store: Store, clock: ManualClock, world: dict[str, int]
) -> None:
    _sign(store, clock, world["li"], world["shift"])
    _sign(store, clock, world["emma"], world["shift"])
    _sign(store, clock, world["zhao"], world["shift"], waitlist_ok=True)
    result = store.call(
        edit_shift,
        actor_id=world["coordinator"],
        shift_id=world["shift"],
        changes=ShiftChanges(capacity=3),
        now=clock.now(),
        policy=POLICY,
    )
    assert result.promoted_ids == (world["zhao"],)


def test_moving_a_shift_moves_pending_reminders_and_tells_everyone(
    store: Store, clock: ManualClock, world: dict[str, int]
) -> None:
    _sign(store, clock, world["li"], world["shift"])
    _sign(store, clock, world["emma"], world["shift"])
    before = {o.kind: o.due_at for o in _outbox(store, recipient_id=world["li"])}
    with store.session(write=False) as session:
        from data.models import Shift

        current = session.get(Shift, world["shift"])
        assert current is not None
        start, end = current.starts_at, current.ends_at
    later = timedelta(hours=3)
    store.call(
        edit_shift,
        actor_id=world["coordinator"],
        shift_id=world["shift"],
        changes=ShiftChanges(starts_at=start + later, ends_at=end + later),
        now=clock.now(),
        policy=POLICY,
    )
    after = {
        o.kind: o.due_at
        for o in _outbox(store, recipient_id=world["li"], state=OutboxState.PENDING)
        if o.kind.startswith("reminder")
    }
    assert after == {k: v + later for k, v in before.items() if k.startswith("reminder")}
    changed = _outbox(store, kind="shift_changed")
    assert sorted(o.recipient_id for o in changed) == sorted([world["li"], world["emma"]])


def test_cancelling_a_shift_skips_its_reminders_and_tells_volunteers(
    store: Store, clock: ManualClock, world: dict[str, int]
) -> None:
    _sign(store, clock, world["li"], world["shift"])
    store.call(
        cancel_shift,
        actor_id=world["coordinator"],
        shift_id=world["shift"],
        reason="大雨",
        now=clock.now(),
    )
    pending = _outbox(store, recipient_id=world["li"], state=OutboxState.PENDING)
    assert [o.kind for o in pending] == ["shift_cancelled"]
