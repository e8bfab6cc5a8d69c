"""Every button's callback data is written and read from one declaration: what is encoded matches
its handler's pattern and decodes to the same press; anything else reaches no handler."""

from __future__ import annotations

import re

import pytest

from bot.actions import MAX_BYTES, MAX_DIGITS, Action, BadCallback, any_of, decode, encode
from bot.handlers.newshift import repeat
from bot.handlers.staff import export
from bot.handlers.volunteer import reminder_answers
from bot.i18n import LANGUAGES
from bot.views import keyboards
from data.corrections import CORRECTABLE

LARGEST_ID = 10**MAX_DIGITS - 1


def largest(action: Action) -> tuple[int, ...]:
    """The longest arguments the action can carry: the largest id, or the last choice."""
    return tuple(LARGEST_ID if bound is None else bound - 1 for bound in action.bounds)


def matches(action: Action, data: str) -> bool:
    return re.match(action.pattern, data) is not None


@pytest.mark.parametrize("action", list(Action))
@pytest.mark.parametrize("arguments", [largest, lambda action: (0,) * action.arity])
def test_every_action_round_trips_through_encode_pattern_and_decode(
    action: Action, arguments: object
) -> None:
    args = arguments(action)  # type: ignore[operator]
    data = encode(action, *args)

    assert len(data.encode()) <= MAX_BYTES, data
    assert matches(action, data)
    assert [other for other in Action if matches(other, data)] == [action]
    press = decode(data)
    assert (press.action, press.args) == (action, args)


@pytest.mark.parametrize("action", list(Action))
def test_the_wrong_number_of_arguments_matches_no_pattern(action: Action) -> None:
    for args in [largest(action)[:-1], (*largest(action), 0)]:
        if len(args) == action.arity:
            continue  # no arguments to drop
        data = ":".join(["1", action.value, *map(str, args)])
        assert not any(matches(other, data) for other in Action), data
        with pytest.raises(BadCallback):
            decode(data)


@pytest.mark.parametrize(
    "data",
    [
        "not-ours",
        "",
        "2:vsign:1:0",
        "1:vsign:1:0:",
        "1:vsign:1:x",
        "1:vcard:1:-1",
        "1:vsign:1234567890123:0",
        "1:nosuch:1",
        "1:VSIGN:1:0",
        "1:vsign:1:0\n",
        "v1:admin:delete",
    ],
)
def test_forged_data_matches_no_pattern_and_does_not_decode(data: str) -> None:
    assert not any(matches(action, data) for action in Action)
    with pytest.raises(BadCallback):
        decode(data)


@pytest.mark.parametrize(
    "data", ["1:vset:9:9", "1:vset:0:2", "1:vlang:2", "1:vmenu:3", "1:vyes:5:7:0", "1:export:3"]
)
def test_a_choice_beyond_its_bound_matches_the_pattern_but_does_not_decode(data: str) -> None:
    """The pattern routes it to its handler, whose ``pressed`` answers "no longer valid"."""
    assert any(matches(action, data) for action in Action)
    with pytest.raises(BadCallback):
        decode(data)


def test_encode_refuses_arguments_the_declaration_does_not_allow() -> None:
    for action, args in [
        (Action.SIGN_UP, (1,)),
        (Action.SIGN_UP, (1, -1)),
        (Action.CHOOSE_LANGUAGE, (len(LANGUAGES),)),
        (Action.SHIFT_PAGE, (LARGEST_ID + 1,)),
        (Action.NEW_POST, (0,)),
    ]:
        with pytest.raises(ValueError):
            encode(action, *args)


def test_the_action_words_are_unique_and_short() -> None:
    words = [action.value for action in Action]
    assert len(set(words)) == len(words)
    assert all(re.fullmatch(r"[a-z]{1,8}", word) for word in words)


def test_bounds_are_the_sizes_of_the_choices_they_index() -> None:
    assert Action.CHOOSE_LANGUAGE.bounds == (len(LANGUAGES),)
    menu = (keyboards.MENU_SHIFTS, keyboards.MENU_MINE, keyboards.MENU_SETTINGS)
    assert sorted(menu) == list(range(*Action.MENU.bounds))
    assert Action.SETTING.bounds == (2, len(LANGUAGES))  # which setting; a language or off/on
    assert sorted((keyboards.SET_LANGUAGE, keyboards.SET_REMINDERS)) == [0, 1]
    for action in (Action.ASK_CANCEL, Action.CANCEL_PLACE, Action.KEEP_PLACE):
        assert sorted((keyboards.FROM_CARD, keyboards.FROM_MINE)) == list(range(action.bounds[1]))
    assert sorted((reminder_answers.ASK, reminder_answers.SURE)) == list(
        range(Action.NOT_COMING.bounds[1])
    )
    assert Action.NEW_REPEAT_PICK.bounds == (len(repeat.CHOICES),)
    assert Action.SET_STATUS.bounds[1] == len(CORRECTABLE)
    assert Action.EXPORT_PERIOD.bounds == (len(export.CHOICES),)


def test_a_pattern_for_several_actions_takes_each_with_its_own_arguments() -> None:
    pattern = any_of(Action.NEW_DAY, Action.NEW_POST)
    assert re.match(pattern, encode(Action.NEW_DAY, 739000))
    assert re.match(pattern, encode(Action.NEW_POST))
    assert not re.match(pattern, "1:nspost:1")
    assert not re.match(pattern, "1:nsday")
    assert not re.match(pattern, encode(Action.EDIT_DAY, 739000))
