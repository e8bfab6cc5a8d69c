"""What coordinators type, read as they mean it: dates, times, numbers and the /newshift one-liner."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from bot.parsing import (
    parse_capacity,
    parse_date,
    parse_newshift,
    parse_shift_id,
    parse_time_range,
    split_shift_ref,
)
from data.errors import InvalidInput, NotFound

TODAY = date(2026, 12, 1)
NOW = datetime(2026, 12, 1, 1, 0, tzinfo=UTC)  # 09:00 in Shanghai
TZ = "Asia/Shanghai"


def reason(error: pytest.ExceptionInfo[InvalidInput]) -> tuple[str, str]:
    return error.value.params["field"], error.value.params["reason"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-12-05", date(2026, 12, 5)),
        ("2026/12/5", date(2026, 12, 5)),
        ("２０２６－１２－０５", date(2026, 12, 5)),
        ("2026年12月5日", date(2026, 12, 5)),
        ("12-05", date(2026, 12, 5)),
        ("12月5日", date(2026, 12, 5)),
        ("01-05", date(2027, 1, 5)),
        ("today", TODAY),
        ("Tomorrow", date(2026, 12, 2)),
        ("今天", TODAY),
        ("明天", date(2026, 12, 2)),
        ("后天", date(2026, 12, 3)),
    ],
)
def test_it_reads_the_date_forms_coordinators_type(text: str, expected: date) -> None:
    assert parse_date(text, today=TODAY) == expected


def test_it_calls_an_impossible_date_impossible() -> None:
    with pytest.raises(InvalidInput) as error:
        parse_date("2026-02-30", today=TODAY)
    assert reason(error) == ("date", "impossible")
    assert error.value.params["text"] == "2026-02-30"


@pytest.mark.parametrize("text", ["next friday", "2026-12", "5/12/2026x", ""])
def test_it_refuses_an_unreadable_date(text: str) -> None:
    with pytest.raises(InvalidInput) as error:
        parse_date(text, today=TODAY)
    assert reason(error) == ("date", "format")


@pytest.mark.parametrize(
    "text",
    [
        "09:00-11:00",
        "9:00–11:00",
        "09：00～11：00",
        "9:00 至 11:00",
        "9:00到11:00",
        "09.00 - 11.00",
        "9:00~11:00",
    ],
)
def test_it_reads_time_ranges_with_any_usual_separator(text: str) -> None:
    assert parse_time_range(text) == (time(9), time(11))


@pytest.mark.parametrize("text", ["9-11", "25:00-26:00", "09:60-11:00", "morning", "09:00"])
def test_it_refuses_an_unreadable_time_range(text: str) -> None:
    with pytest.raises(InvalidInput) as error:
        parse_time_range(text)
    assert reason(error) == ("time", "format")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("6", 6), ("６", 6), ("10人", 10), (" 1000 ", 1000), ("-1", -1), ("0", 0)],
)
def test_it_reads_capacities_and_leaves_the_range_to_the_domain(text: str, expected: int) -> None:
    assert parse_capacity(text) == expected


@pytest.mark.parametrize("text", ["six", "", "6.5", "1,000"])
def test_it_refuses_a_capacity_that_is_not_a_number(text: str) -> None:
    with pytest.raises(InvalidInput) as error:
        parse_capacity(text)
    assert reason(error) == ("capacity", "format")


def test_it_reads_a_one_liner_in_the_coordinators_zone() -> None:
    parsed = parse_newshift(
        "2026-12-05 09:00-11:00 | Traffic civility duty | Minzhu Rd crossing | 6", now=NOW, tz=TZ
    )
    draft = parsed.draft
    assert draft.title == "Traffic civility duty"
    assert draft.location == "Minzhu Rd crossing"
    assert draft.capacity == 6
    assert draft.tz == TZ
    # 09:00 in Shanghai is 01:00 UTC.
    assert draft.starts_at == datetime(2026, 12, 5, 1, 0, tzinfo=UTC)
    assert draft.ends_at == datetime(2026, 12, 5, 3, 0, tzinfo=UTC)
    assert parsed.repeat is None


def test_it_reads_a_full_width_one_liner_with_a_chinese_day_word() -> None:
    parsed = parse_newshift("明天 ９：００～１１：００｜文明交通劝导｜民主路口｜６", now=NOW, tz=TZ)
    assert parsed.draft.starts_at == datetime(2026, 12, 2, 1, 0, tzinfo=UTC)
    assert (parsed.draft.title, parsed.draft.location, parsed.draft.capacity) == (
        "文明交通劝导",
        "民主路口",
        6,
    )


def test_it_reads_a_day_word_glued_to_the_time() -> None:
    parsed = parse_newshift("明天9:00-11:00 | 食品安全宣传 | 中心农贸市场 | 4", now=NOW, tz=TZ)
    assert parsed.draft.starts_at == datetime(2026, 12, 2, 1, 0, tzinfo=UTC)


def test_it_keeps_full_width_punctuation_in_titles() -> None:
    parsed = parse_newshift(
        "12-05 09:00-11:00 | 创城问卷宣传（秦州区） | 民主路口 | 6", now=NOW, tz=TZ
    )
    assert parsed.draft.title == "创城问卷宣传（秦州区）"


def test_it_returns_a_sixth_part_as_the_repeat_rule() -> None:
    parsed = parse_newshift(
        "12-05 09:00-11:00 | 文明交通劝导 | 民主路口 | 6 | 每周五", now=NOW, tz=TZ
    )
    assert parsed.repeat == "每周五"


@pytest.mark.parametrize(
    "text",
    [
        "2026-12-05 09:00-11:00 | 文明交通劝导 | 民主路口",
        "2026-12-05 | 文明交通劝导 | 民主路口 | 6",
        "",
    ],
)
def test_it_says_when_parts_are_missing(text: str) -> None:
    with pytest.raises(InvalidInput) as error:
        parse_newshift(text, now=NOW, tz=TZ)
    assert reason(error) == ("fields", "missing")


def test_it_says_when_there_are_too_many_parts() -> None:
    with pytest.raises(InvalidInput) as error:
        parse_newshift("12-05 09:00-11:00 | a | b | 6 | weekly | extra", now=NOW, tz=TZ)
    assert reason(error) == ("fields", "too_many")


@pytest.mark.parametrize(
    ("text", "expected"), [("12", 12), ("#12", 12), ("No. 12", 12), ("１２", 12)]
)
def test_it_reads_shift_numbers(text: str, expected: int) -> None:
    assert parse_shift_id(text, "roster") == expected


@pytest.mark.parametrize("text", ["", "abc", "-3", "12a"])
def test_it_refuses_a_shift_number_that_is_not_digits(text: str) -> None:
    with pytest.raises(InvalidInput) as error:
        parse_shift_id(text, "roster")
    assert reason(error) == ("shift_id", "digits")
    assert error.value.params["command"] == "roster"


def test_an_enormous_shift_number_is_simply_not_found() -> None:
    with pytest.raises(NotFound):
        parse_shift_id("9" * 30, "roster")


def test_it_splits_a_shift_number_from_the_reason() -> None:
    assert split_shift_ref("12 下雨 停止活动", "cancelshift") == (12, "下雨 停止活动")
    assert split_shift_ref("12", "cancelshift") == (12, "")
