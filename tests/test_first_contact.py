"""A new user's first updates handled at once by several workers create one volunteer, no error."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from sqlmodel import func, select

from data.clock import ManualClock
from data.db import Store
from data.models import Volunteer
from data.volunteers import touch_volunteer


def test_simultaneous_first_updates_create_one_volunteer(store: Store, clock: ManualClock) -> None:
    gate = threading.Barrier(8)

    def first_update(_: int) -> int | None:
        gate.wait(10)
        volunteer = store.call(
            touch_volunteer,
            telegram_id=777,
            chat_id=777,
            username="newcomer",
            full_name="韩梅梅",
            now=clock.now(),
        )
        return volunteer.id

    with ThreadPoolExecutor(max_workers=8) as pool:
        ids = set(pool.map(first_update, range(8)))

    assert len(ids) == 1 and None not in ids
    with store.session(write=False) as session:
        assert session.exec(select(func.count()).select_from(Volunteer)).one() == 1
