"""Say a repeat rule in words, in English or Chinese.

An accepted exception to "every user-facing string goes through gettext": data/
must not import bot/, and a rule's wording is assembled from parts (days, ordinals,
dates) that a single msgid cannot hold. So the two languages live here, in small
tables; parse_repeat reads both outputs back to the same rule.
"""

from __future__ import annotations

from data.recurrence_rule import WORKWEEK, RepeatRule

_EN_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_EN_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_EN_ORDINALS = {1: "first", 2: "second", 3: "third", 4: "fourth", -1: "last"}
_ZH_DAYS = "一二三四五六日"
_ZH_ORDINALS = {1: "第一个", 2: "第二个", 3: "第三个", 4: "第四个", -1: "最后一个"}
_ZH_INTERVALS = {2: "两"}


def describe(rule: RepeatRule, lang: str) -> str:
    """E.g. "every week on Friday until 31 Mar 2027" / "每周五，至2027年3月31日".

    ``lang`` is a language code ("zh", "zh-hans", "en-US"); anything not Chinese
    gets English.
    """
    if lang.lower().startswith("zh"):
        return _zh_pattern(rule) + _zh_end(rule)
    return _en_pattern(rule) + _en_end(rule)


def _en_pattern(rule: RepeatRule) -> str:
    if rule.kind == "daily":
        return "every day"
    if rule.kind == "weekdays":
        return "every weekday"
    if rule.ordinal is not None:
        day = _EN_DAYS[rule.weekdays[0]]
        return f"the {_EN_ORDINALS[rule.ordinal]} {day} of every month"
    names = [_EN_DAYS[d] for d in rule.weekdays]
    days = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    every = "every week" if rule.interval == 1 else f"every {rule.interval} weeks"
    return f"{every} on {days}"


def _en_end(rule: RepeatRule) -> str:
    if rule.until is not None:
        until = rule.until
        return f" until {until.day} {_EN_MONTHS[until.month - 1]} {until.year}"
    if rule.count == 1:
        return ", once"
    if rule.count is not None:
        return f", {rule.count} times"
    return ""


def _zh_pattern(rule: RepeatRule) -> str:
    if rule.kind == "daily":
        return "每天"
    if rule.kind == "weekdays" and rule.weekdays == WORKWEEK:
        return "每个工作日"
    if rule.ordinal is not None:
        return f"每月{_ZH_ORDINALS[rule.ordinal]}周{_ZH_DAYS[rule.weekdays[0]]}"
    days = "、".join(_ZH_DAYS[d] for d in rule.weekdays)
    if rule.interval == 1:
        return f"每周{days}"
    return f"每{_ZH_INTERVALS.get(rule.interval, str(rule.interval))}周的周{days}"


def _zh_end(rule: RepeatRule) -> str:
    if rule.until is not None:
        until = rule.until
        return f"，至{until.year}年{until.month}月{until.day}日"
    if rule.count is not None:
        return f"，共{rule.count}次"
    return ""
