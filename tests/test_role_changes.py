"""A role change checks everything at the moment it is made (a picked button may be old)."""

from __future__ import annotations

import pytest

from data.clock import ManualClock
from data.db import Store
from data.errors import InvalidInput, NotAllowed, NotFound
from data.models import Role
from data.role_changes import change_role
from data.volunteers import touch_volunteer
from tests.personas import ADMIN, COORDINATOR, LILEI, registered


@pytest.fixture
def ids(store: Store, clock: ManualClock) -> dict[str, int]:
    people = {
        "chen": store.call(registered, persona=ADMIN, now=clock.now(), role=Role.ADMIN).id,
        "wang": store.call(
            registered, persona=COORDINATOR, now=clock.now(), role=Role.COORDINATOR
        ).id,
        "li": store.call(registered, persona=LILEI, now=clock.now()).id,
        "new": store.call(
            touch_volunteer,
            telegram_id=3999,
            chat_id=3999,
            username="newcomer",
            full_name="新人",
            now=clock.now(),
        ).id,
    }
    return {name: volunteer_id for name, volunteer_id in people.items() if volunteer_id}


def test_an_admin_promotes_and_a_second_time_changes_nothing(
    store: Store, ids: dict[str, int]
) -> None:
    change = store.call(
        change_role, actor_id=ids["chen"], target_id=ids["li"], role=Role.COORDINATOR
    )
    assert change.changed and change.was == Role.VOLUNTEER
    again = store.call(
        change_role, actor_id=ids["chen"], target_id=ids["li"], role=Role.COORDINATOR
    )
    assert not again.changed and again.volunteer.role == Role.COORDINATOR


@pytest.mark.parametrize(
    ("actor", "target", "error"),
    [
        ("wang", "li", NotAllowed),  # a coordinator is not an admin
        ("chen", "new", NotFound),  # never finished /start
        ("chen", "chen", InvalidInput),  # admins keep their role
    ],
)
def test_what_a_role_change_refuses(
    store: Store, ids: dict[str, int], actor: str, target: str, error: type[Exception]
) -> None:
    with pytest.raises(error):
        store.call(change_role, actor_id=ids[actor], target_id=ids[target], role=Role.VOLUNTEER)
