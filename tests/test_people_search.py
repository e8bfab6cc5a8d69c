"""Finding registered volunteers by name, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import pytest

from data.clock import ManualClock
from data.db import Store
from data.errors import InvalidInput
from data.models import Role, Team, Volunteer
from data.people_search import find_by_name
from data.volunteers import set_phone, touch_volunteer
from tests.personas import ADMIN, EMMA, LILEI, ZHAO, Persona, registered

LIFANG = Persona(3001, "李芳", None, None, "zh-hans")
ZHANGLI = Persona(3002, "张李明", None, None, "zh-hans")
PERCENT = Persona(3003, "100% 志愿者", None, None, "zh-hans")


@pytest.fixture
def people(store: Store, clock: ManualClock) -> dict[str, int]:
    ids = {}
    for persona in (ADMIN, LILEI, EMMA, ZHAO, LIFANG, ZHANGLI, PERCENT):
        role = Role.ADMIN if persona is ADMIN else Role.VOLUNTEER
        volunteer = store.call(registered, persona=persona, now=clock.now(), role=role)
        ids[persona.full_name] = volunteer.id
    # Someone who began /start but never finished it is not offered.
    store.call(
        touch_volunteer,
        telegram_id=3999,
        chat_id=3999,
        username=None,
        full_name="李未注册",
        now=clock.now(),
    )
    store.call(set_phone, volunteer_id=ids["李芳"], phone="13800000003")
    with store.session() as session:
        team = Team(name="麦积区局", invite_code="maiji", created_at=clock.now())
        session.add(team)
        session.flush()
        zhao = session.get(Volunteer, ids["赵强"])
        assert zhao is not None
        zhao.team_id = team.id
    return ids


def names(store: Store, text: str, limit: int = 10) -> list[str]:
    found = store.call(find_by_name, text=text, limit=limit, write=False)
    return [c.name for c in found.candidates]


def test_a_partial_chinese_name_matches_anywhere_in_the_name(
    store: Store, people: dict[str, int]
) -> None:
    assert names(store, "李") == ["李芳", "李雷", "张李明"]
    assert names(store, "李明") == ["张李明"]


def test_latin_names_match_regardless_of_case_and_spacing(
    store: Store, people: dict[str, int]
) -> None:
    assert names(store, "emma") == ["Emma Clark"]
    assert names(store, "  EMMA   clark ") == ["Emma Clark"]


def test_admins_and_the_unregistered_are_not_found(store: Store, people: dict[str, int]) -> None:
    assert names(store, "陈") == []
    assert names(store, "未注册") == []


def test_what_was_typed_is_matched_literally(store: Store, people: dict[str, int]) -> None:
    assert names(store, "100%") == ["100% 志愿者"]
    assert names(store, "%") == ["100% 志愿者"]
    assert names(store, "_") == []


def test_an_exact_name_comes_first_and_the_limit_says_there_are_more(
    store: Store, people: dict[str, int]
) -> None:
    found = store.call(find_by_name, text="李", limit=2, write=False)
    assert [c.name for c in found.candidates] == ["李芳", "李雷"] and found.more
    assert not store.call(find_by_name, text="李", limit=3, write=False).more
    assert names(store, "李雷") == ["李雷"]


def test_candidates_carry_what_tells_them_apart(store: Store, people: dict[str, int]) -> None:
    found = store.call(find_by_name, text="李", write=False)
    fang, lei = found.candidates[:2]
    assert (fang.volunteer_id, fang.username, fang.phone_tail, fang.team) == (
        people["李芳"],
        None,
        "0003",
        None,
    )
    assert (lei.username, lei.phone_tail, lei.role) == ("lilei", None, Role.VOLUNTEER)
    (zhao,) = store.call(find_by_name, text="赵", write=False).candidates
    assert zhao.team == "麦积区局"


@pytest.mark.parametrize(("text", "reason"), [(" ", "empty"), ("李" * 65, "too_long")])
def test_an_empty_or_overlong_search_is_refused(
    store: Store, people: dict[str, int], text: str, reason: str
) -> None:
    with pytest.raises(InvalidInput) as refused:
        store.call(find_by_name, text=text, write=False)
    assert refused.value.params["reason"] == reason
