"""First contact and usernames: a new user's first updates handled at once by several workers
create one volunteer, no error; a username Telegram gives to someone else finds its new holder."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from sqlmodel import col, func, select

from data.clock import ManualClock
from data.db import Store
from data.models import Volunteer
from data.volunteers import find_volunteer, touch_volunteer


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


# Usernames move: Telegram gives a released one to someone else.


def test_a_username_taken_over_by_someone_else_finds_its_new_holder(
    store: Store, clock: ManualClock
) -> None:
    now = clock.now()

    def touch(telegram_id: int, username: str) -> Volunteer:
        person: Volunteer = store.call(
            touch_volunteer,
            telegram_id=telegram_id,
            chat_id=telegram_id,
            username=username,
            full_name=f"用户{telegram_id}",
            now=now,
        )
        return person

    touch(3001, "traffic_helper")  # had the name, then changed it and has not written since
    newcomer = touch(3002, "traffic_helper")
    found = store.call(find_volunteer, ref="@traffic_helper", write=False)
    assert found.id == newcomer.id


def test_a_username_is_released_whatever_its_case(store: Store, clock: ManualClock) -> None:
    now = clock.now()
    store.call(
        touch_volunteer,
        telegram_id=3101,
        chat_id=3101,
        username="Helper_A",
        full_name="A",
        now=now,
    )
    newer: Volunteer = store.call(
        touch_volunteer,
        telegram_id=3102,
        chat_id=3102,
        username="helper_a",
        full_name="B",
        now=now,
    )
    with store.session(write=False) as session:
        holders = session.exec(
            select(Volunteer).where(col(Volunteer.username).ilike("helper_a"))
        ).all()
    assert [v.id for v in holders] == [newer.id]
