"""A count says its noun in the right number: "1 volunteer", "2 volunteers" (Chinese has one form)."""

from __future__ import annotations

import pytest

from bot.explain import explain
from bot.i18n import translator
from bot.told import told_concerned, told_signed_up
from data.errors import CapacityBelowConfirmed
from data.models import Role
from tests import domain_setup
from tests.harness import Harness
from tests.personas import COORDINATOR, EMMA, LILEI
from tests.test_roster_edit_cancel import given_signed_up

ENGLISH, CHINESE = translator("en"), translator("zh")


@pytest.mark.parametrize(
    ("signed_up", "told"),
    [
        (1, "The 1 volunteer signed up will be told."),
        (2, "The 2 volunteers signed up will be told."),
    ],
)
async def test_cancelling_a_shift_says_how_many_volunteers_will_be_told(
    harness: Harness, signed_up: int, told: str
) -> None:
    coordinator = harness.given_registered(COORDINATOR, role=Role.COORDINATOR, language="en")
    with harness.store.session() as session:
        shift = domain_setup.shift(session, coordinator.id, harness.clock.now(), capacity=2)
    for persona in (LILEI, EMMA)[:signed_up]:
        given_signed_up(harness, harness.given_registered(persona), shift)
    wang = harness.person(COORDINATOR)

    ask = await wang.send(f"/cancelshift {shift.id}")
    assert told in ask.text
    done = await wang.press("❌ Yes, cancel the shift", ask)
    assert f"Shift No. {shift.id} is cancelled." in done.text
    assert told in done.text


@pytest.mark.parametrize(
    ("times", "lines"),
    [
        (1, ["every week on Friday, once", "👥 1 volunteer needed each time", "1 date is posted"]),
        (2, ["every week on Friday, 2 times", "👥 2 volunteers needed each time", "2 dates are"]),
    ],
)
async def test_a_posted_regular_shift_counts_its_places_and_dates(
    harness: Harness, times: int, lines: list[str]
) -> None:
    harness.given_registered(COORDINATOR, role=Role.COORDINATOR, language="en")
    wang = harness.person(COORDINATOR)

    posted = await wang.send(
        f"/newshift 12-04 08:00-10:00 | Traffic civility duty | Minzhu Rd | {times} | weekly x{times}"
    )

    for line in lines:
        assert line in posted.text


@pytest.mark.parametrize(
    ("count", "english", "chinese"),
    [
        (
            1,
            "The 1 volunteer concerned will be told once.",
            "将通知相关的 1 位志愿者（每人一次）。",
        ),
        (
            2,
            "The 2 volunteers concerned will be told once.",
            "将通知相关的 2 位志愿者（每人一次）。",
        ),
    ],
)
def test_a_series_change_says_how_many_are_told_once(
    count: int, english: str, chinese: str
) -> None:
    assert told_concerned(count, ENGLISH) == english
    assert told_concerned(count, CHINESE) == chinese


def test_chinese_says_every_count_the_same_way() -> None:
    assert told_signed_up(1, CHINESE) == "将通知已报名的 1 位志愿者。"
    assert told_signed_up(2, CHINESE) == "将通知已报名的 2 位志愿者。"


@pytest.mark.parametrize(
    ("confirmed", "start"),
    [(1, "1 volunteer is already confirmed"), (2, "2 volunteers are already confirmed")],
)
def test_fewer_places_than_confirmed_are_refused_with_the_right_noun(
    confirmed: int, start: str
) -> None:
    error = CapacityBelowConfirmed(confirmed=confirmed, capacity=confirmed - 1)
    text = explain(error, ENGLISH, "en")
    assert text == f"{start}, so the number of places cannot be less than {confirmed}."
