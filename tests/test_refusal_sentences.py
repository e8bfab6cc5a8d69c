"""Every refusal is worded from one table: each domain error has a sentence in both languages, the
most precise entry wins, and a feature's own wording is kept under its own key."""

from __future__ import annotations

import importlib
import pkgutil

import pytest

import data
from bot.explain import TABLE, explain
from bot.i18n import translator
from bot.refusals.buttons import ConfirmationExpired, StaleButton
from data.errors import DomainError, InvalidInput, NotAllowed, NotFound
from data.recurrence import RepeatError

ENGLISH, CHINESE = translator("en"), translator("zh")


def domain_errors() -> list[type[DomainError]]:
    """Every refusal class the domain defines (each module of ``data`` imported)."""
    for module in pkgutil.walk_packages(data.__path__, "data."):
        if ".migrations" not in module.name:
            importlib.import_module(module.name)
    found, todo = [], [DomainError]
    while todo:
        cls = todo.pop()
        todo += cls.__subclasses__()
        if cls.__module__.startswith("data.") and cls is not DomainError:
            found.append(cls)
    return found


@pytest.mark.parametrize("error", domain_errors(), ids=lambda cls: cls.__name__)
def test_every_domain_error_has_an_entry(error: type[DomainError]) -> None:
    assert any(key[0] == error.code for key in TABLE), error.code


def test_the_most_precise_entry_wins() -> None:
    admin, coordinator = NotAllowed(action="admin"), NotAllowed(action="coordinator")
    assert explain(admin, ENGLISH, "en") == "Sorry, only admins can do that."
    assert explain(coordinator, ENGLISH, "en").startswith("Sorry, only coordinators can do that.")
    record = NotFound(what="attendance", ref=3)
    assert explain(record, ENGLISH, "en") == "That attendance record no longer exists."
    assert explain(NotFound(what="planet", ref=3), ENGLISH, "en").startswith(
        "There is no shift No. 3."
    )
    odd = InvalidInput(field="title", reason="sideways")
    assert explain(odd, ENGLISH, "en").startswith("That input was not valid.")
    assert explain(DomainError(), ENGLISH, "en") == "Sorry, that could not be done."


def test_a_one_off_cancellation_keeps_its_own_words_for_an_expired_confirmation() -> None:
    one_off = ConfirmationExpired(action="cancelshift", command="cancelshift", id=7)
    series = ConfirmationExpired(action="series_cancel", command="cancelshift", id=7)
    assert explain(one_off, CHINESE, "zh") == "此确认已失效。请重新发送 /cancelshift 7。"
    assert explain(series, CHINESE, "zh") == "这个确认已过期。请重新发送 /cancelshift 7。"


def test_a_repeat_rule_names_the_accepted_forms() -> None:
    text = explain(RepeatError("bad_interval", "99"), ENGLISH, "en")
    assert text.startswith("Every 99 weeks is not possible")
    assert "\nAccepted forms: daily, weekdays" in text
    unknown = explain(RepeatError("no_such_code", "<b>"), ENGLISH, "en")
    assert unknown.startswith("I did not understand “&lt;b&gt;” in the repeat rule.")


def test_a_stale_button_reads_as_the_catch_all_does() -> None:
    assert (
        explain(StaleButton("1:nosuch"), CHINESE, "zh") == "这个按钮已失效。发送 /help 重新开始。"
    )
