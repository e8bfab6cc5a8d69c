"""A shift on Thursday 3 Dec 2026, 09:00–11:00 in Shanghai, with a coordinator and volunteers.

Set up through the domain (registration, posting, sign-up); the clock is then moved to local
wall times on the shift's day with :meth:`World.at`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlmodel import select

from data.attendance import CheckinResult, CheckoutResult, check_in, check_out
from data.attendance_close import close_shift_attendance
from data.clock import ManualClock
from data.db import Store
from data.models import Attendance, Outbox, Role, Shift, Signup
from data.policy import Policy
from data.signups import sign_up
from tests.domain_setup import shift as post_shift
from tests.personas import COORDINATOR, EMMA, LILEI, ZHAO, crowd, registered

ZONE = ZoneInfo("Asia/Shanghai")
# 民主路口, roughly: the place the shift's coordinates point at.
CROSSING = (34.5809, 105.7249)


def local(day: str, hhmm: str) -> datetime:
    """An aware instant from a local date ``2026-12-03`` and time ``08:30`` in Shanghai."""
    return datetime.fromisoformat(f"{day}T{hhmm}").replace(tzinfo=ZONE)


def metres_north(point: tuple[float, float], metres: float) -> tuple[float, float]:
    """A point ``metres`` due north of ``point`` (one degree of latitude is ~111,195 m)."""
    return point[0] + metres / 111_195, point[1]


@dataclass
class World:
    store: Store
    clock: ManualClock
    policy: Policy
    coordinator_id: int
    volunteer_ids: list[int]
    shift_id: int
    day: str = "2026-12-03"

    def at(self, hhmm: str, day: str | None = None) -> datetime:
        """Move the clock to a local time on the shift's day (or ``day``)."""
        instant = local(day or self.day, hhmm)
        self.clock.set(instant)
        return instant

    def check_in(self, who: int = 0, **kwargs: Any) -> CheckinResult:
        return self.store.call(
            check_in,
            volunteer_id=self.volunteer_ids[who],
            shift_id=kwargs.pop("shift_id", self.shift_id),
            now=self.clock.now(),
            policy=self.policy,
            **kwargs,
        )

    def check_out(self, who: int = 0) -> CheckoutResult:
        return self.store.call(
            check_out,
            volunteer_id=self.volunteer_ids[who],
            shift_id=self.shift_id,
            now=self.clock.now(),
        )

    def close(self, shift_id: int | None = None) -> bool:
        return self.store.call(
            close_shift_attendance,
            shift_id=shift_id or self.shift_id,
            now=self.clock.now(),
            policy=self.policy,
        )

    def record(self, who: int = 0, shift_id: int | None = None) -> Attendance | None:
        with self.store.session(write=False) as session:
            query = (
                select(Attendance)
                .join(Signup)
                .where(
                    Signup.shift_id == (shift_id or self.shift_id),
                    Signup.volunteer_id == self.volunteer_ids[who],
                )
            )
            return session.exec(query).first()

    def outbox(self, kind: str) -> list[Outbox]:
        with self.store.session(write=False) as session:
            return list(session.exec(select(Outbox).where(Outbox.kind == kind)))

    def shift(self, shift_id: int | None = None) -> Shift:
        with self.store.session(write=False) as session:
            found = session.get(Shift, shift_id or self.shift_id)
            assert found is not None
            return found

    def add_shift(
        self, start: datetime, hours: float = 2, *, capacity: int = 5, sign: int = 1, **fields: Any
    ) -> int:
        """Post another shift starting at ``start`` (the clock must be before it); sign up the
        first ``sign`` volunteers."""
        return _post(
            self.store,
            self.clock.now(),
            self.coordinator_id,
            self.volunteer_ids[:sign],
            start,
            hours,
            capacity,
            self.policy,
            **fields,
        )


def _post(
    store: Store,
    now: datetime,
    coordinator_id: int,
    volunteer_ids: list[int],
    start: datetime,
    hours: float,
    capacity: int,
    policy: Policy,
    **fields: Any,
) -> int:
    with store.session() as session:
        posted = post_shift(
            session, coordinator_id, now, starts_in=start - now, hours=1, capacity=capacity
        )
        posted.ends_at = posted.starts_at + timedelta(hours=hours)
        for name, value in fields.items():
            setattr(posted, name, value)
        session.add(posted)
        session.flush()
        assert posted.id is not None
        shift_id = posted.id
    for volunteer_id in volunteer_ids:
        store.call(sign_up, volunteer_id=volunteer_id, shift_id=shift_id, now=now, policy=policy)
    return shift_id


def make_world(
    store: Store,
    clock: ManualClock,
    *,
    volunteers: int = 2,
    coordinates: tuple[float, float] | None = None,
    capacity: int = 5,
) -> World:
    """王芳 posts the 3 Dec shift two days ahead and ``volunteers`` sign up: Emma, 李雷, 赵强,
    then a crowd (in the order of their names, which is the order reports list them in)."""
    now = clock.now()
    boss = store.call(registered, persona=COORDINATOR, now=now, role=Role.COORDINATOR)
    cast = [EMMA, LILEI, ZHAO, *crowd(max(0, volunteers - 3), first_id=2004)][:volunteers]
    people = [store.call(registered, persona=p, now=now) for p in cast]
    assert boss.id is not None
    ids = [p.id for p in people if p.id is not None]
    fields: dict[str, Any] = {}
    if coordinates is not None:
        fields = {"latitude": coordinates[0], "longitude": coordinates[1]}
    policy = Policy()
    shift_id = _post(
        store, now, boss.id, ids, local("2026-12-03", "09:00"), 2, capacity, policy, **fields
    )
    return World(store, clock, policy, boss.id, ids, shift_id)
