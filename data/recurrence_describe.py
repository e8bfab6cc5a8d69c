"""A repeat rule taken apart into what a sentence about it says: how often, which days, the end.

data/ knows no language: ``bot/repeat_words.py`` puts these parts into words through gettext,
in English or Chinese, and parse_repeat reads either wording back to the same rule.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from data.recurrence_rule import RepeatRule


class Pattern(StrEnum):
    """How often: every day, every working day, every ``every`` weeks, or once a month."""

    DAILY = "daily"
    WEEKDAYS = "weekdays"
    WEEKLY = "weekly"
    MONTHLY = "monthly"


@dataclass(frozen=True)
class RuleDescription:
    """The parts of a rule's sentence.

    every: weeks between occurrences (WEEKLY; 1 otherwise). days: 0=Mon..6=Sun, in week order
    (WEEKLY: every day named; MONTHLY: the one weekday). ordinal: MONTHLY's 1..4 or -1 (last).
    until: the last local date; count: how many times. At most one of the two is set.
    """

    pattern: Pattern
    every: int
    days: tuple[int, ...]
    ordinal: int | None
    until: date | None
    count: int | None


def describe(rule: RepeatRule) -> RuleDescription:
    """E.g. weekly on Monday, Wednesday and Friday, 10 times: (WEEKLY, 1, (0, 2, 4), None, None, 10)."""
    if rule.kind == "daily":
        pattern = Pattern.DAILY
    elif rule.kind == "weekdays":
        pattern = Pattern.WEEKDAYS
    elif rule.ordinal is not None:
        pattern = Pattern.MONTHLY
    else:
        pattern = Pattern.WEEKLY
    every = rule.interval if pattern is Pattern.WEEKLY else 1
    days = rule.weekdays if pattern in (Pattern.WEEKLY, Pattern.MONTHLY) else ()
    return RuleDescription(pattern, every, days, rule.ordinal, rule.until, rule.count)
