"""How a regular shift's repeat rule is said back to the coordinator."""

from __future__ import annotations

from datetime import date

import pytest

from bot.repeat_words import say_rule
from data.recurrence import Pattern, RuleDescription, describe, parse_repeat

FRI_4_DEC = date(2026, 12, 4)


@pytest.mark.parametrize(
    ("text", "english", "chinese"),
    [
        ("daily", "every day", "每天"),
        ("weekdays", "every weekday", "每个工作日"),
        ("weekly", "every week on Friday", "每周五"),
        (
            "weekly until 2027-03-31",
            "every week on Friday until 31 Mar 2027",
            "每周五，至2027年3月31日",
        ),
        ("weekly mon,wed,fri", "every week on Monday, Wednesday and Friday", "每周一、三、五"),
        ("biweekly", "every 2 weeks on Friday", "每两周的周五"),
        ("every 3 weeks on mon, thu", "every 3 weeks on Monday and Thursday", "每3周的周一、四"),
        ("monthly", "the first Friday of every month", "每月第一个周五"),
        (
            "the last saturday of every month",
            "the last Saturday of every month",
            "每月最后一个周六",
        ),
        ("weekly x10", "every week on Friday, 10 times", "每周五，共10次"),
        ("weekly x1", "every week on Friday, once", "每周五，共1次"),
    ],
)
def test_it_says_the_rule_in_both_languages(text: str, english: str, chinese: str) -> None:
    rule = parse_repeat(text, start=FRI_4_DEC)
    assert say_rule(rule, "en") == english
    assert say_rule(rule, "zh") == chinese


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("zh-hans", "每天"), ("zh_CN", "每天"), ("en-US", "every day"), ("fr", "every day")],
)
def test_language_variants_pick_the_nearest_wording(lang: str, expected: str) -> None:
    assert say_rule(parse_repeat("daily", start=FRI_4_DEC), lang) == expected


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_what_it_says_can_be_typed_back(lang: str) -> None:
    rule = parse_repeat("every 2 weeks mon, fri until 2027-06-30", start=FRI_4_DEC)
    assert parse_repeat(say_rule(rule, lang), start=FRI_4_DEC) == rule


def test_the_domain_gives_the_parts_and_no_words() -> None:
    rule = parse_repeat("every 3 weeks on mon, thu x4", start=FRI_4_DEC)
    assert describe(rule) == RuleDescription(Pattern.WEEKLY, 3, (0, 3), None, None, 4)
    monthly = describe(parse_repeat("the last saturday of every month", start=FRI_4_DEC))
    assert (monthly.pattern, monthly.days, monthly.ordinal) == (Pattern.MONTHLY, (5,), -1)
