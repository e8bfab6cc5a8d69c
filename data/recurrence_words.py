"""Words and patterns for reading repeat rules in English and Chinese.

The patterns implement the grammar in recurrence_parse's docstring; HEADS are tried in order.
"""

from __future__ import annotations

import difflib
import re

_EN_DAY_NAMES = (
    ("mon", "monday"),
    ("tue", "tues", "tuesday"),
    ("wed", "weds", "wednesday"),
    ("thu", "thur", "thurs", "thursday"),
    ("fri", "friday"),
    ("sat", "saturday"),
    ("sun", "sunday"),
)
EN_DAYS: dict[str, tuple[int, ...]] = {"weekend": (5, 6), "weekends": (5, 6)}
for _day, _names in enumerate(_EN_DAY_NAMES):
    for _name in _names:
        EN_DAYS[_name] = (_day,)
    EN_DAYS[_names[-1] + "s"] = (_day,)  # "fridays"

ZH_DAYS: dict[str, tuple[int, ...]] = {
    "一": (0,),
    "二": (1,),
    "三": (2,),
    "四": (3,),
    "五": (4,),
    "六": (5,),
    "日": (6,),
    "天": (6,),
    "末": (5, 6),  # 周末
}

EN_NUMBERS = {
    "one": 1,
    "two": 2,
    "other": 2,  # every other week
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
}
EN_ORDINALS = {
    "first": 1,
    "1st": 1,
    "second": 2,
    "2nd": 2,
    "third": 3,
    "3rd": 3,
    "fourth": 4,
    "4th": 4,
    "last": -1,
}
EN_MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
_ZH_DIGITS = {
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_ZH_NOT_A_DAY = frozenset("七八九十零〇")
_ZH_DAY_PREFIX = re.compile(r"(?:周|星期|礼拜)")


def number(word: str) -> int | None:
    """An ASCII, English-word or Chinese number below 100, or None."""
    word = word.lower()
    if word.isascii() and word.isdigit():
        return int(word)
    if word in EN_NUMBERS:
        return EN_NUMBERS[word]
    if "十" in word:
        tens, _, ones = word.partition("十")
        if (tens and tens not in _ZH_DIGITS) or (ones and ones not in _ZH_DIGITS):
            return None
        return (_ZH_DIGITS[tens] if tens else 1) * 10 + (_ZH_DIGITS[ones] if ones else 0)
    return _ZH_DIGITS.get(word)


def month_number(word: str) -> int | None:
    """1..12 for an English month name or its abbreviation ("mar", "sept")."""
    word = word.lower()
    if len(word) < 3:
        return None
    for index, name in enumerate(EN_MONTHS, start=1):
        if name.startswith(word):
            return index
    return None


def looks_like_weekday(fragment: str) -> bool:
    """True if a word the parser did not know is probably a misspelt weekday."""
    word = fragment.lower()
    if word in EN_DAYS:
        return False  # a real weekday in the wrong place is "unknown words"
    if prefix := _ZH_DAY_PREFIX.match(word):
        return word[prefix.end() : prefix.end() + 1] not in ZH_DAYS
    if len(word) == 1 and word in _ZH_NOT_A_DAY:
        return True  # 每周一三八
    if not word.isalpha() or not word.isascii() or len(word) < 3:
        return False
    return bool(difflib.get_close_matches(word, EN_DAYS, n=1, cutoff=0.8))


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


SEP = _rx(r"(?:\s+|[,、;&+/]|(?:and|on|of)(?![a-z])|的|和|及)*")
_ZH_NUM = r"\d+|[一二两三四五六七八九十]+"
_EN_ORD = "|".join(EN_ORDINALS)
HEADS: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        _rx(r"every\s+(?:week|work)\s*day(?![a-z])|(?:week|work)\s*days(?![a-z])|每?个?工作日"),
        "weekdays",
    ),
    (_rx(r"daily|every\s*day(?![a-z])|每天|每日"), "daily"),
    (_rx(r"every\s+(\d+|[a-z]+)\s+weeks?(?![a-z])"), "weeks"),
    (_rx(r"bi-?weekly|fortnightly|隔周|双周"), "biweekly"),
    (_rx(rf"每\s*({_ZH_NUM})\s*个?\s*(?:周|星期|礼拜)"), "weeks"),
    (_rx(r"weekly|every\s+week(?![a-z])|每\s*个?\s*(?:周|星期|礼拜)"), "weekly"),
    (_rx(rf"(?:the\s+)?({_EN_ORD})\s+([a-z]+?)s?\s+of\s+(?:every|each|the)\s+month"), "monthday"),
    (_rx(r"monthly|every\s+month(?![a-z])|每\s*个?\s*月"), "monthly"),
    (_rx(r"every(?=\s)"), "every"),
)
EN_DAY_RX = _rx(r"[a-z]+")
# Not a numeral counting 次 (times): 每周五三次. After a first day, not the 一 of 一共
# (in all) either: 每周五一共3次 is Friday, 3 times; 每周一共3次 is Monday, 3 times.
ZH_DAY_RX = _rx(r"(?:周|星期|礼拜)?\s*([一二三四五六日天末])(?!\s*次)")
ZH_NEXT_DAY_RX = _rx(r"(?:周|星期|礼拜)?\s*(?!一共)([一二三四五六日天末])(?!\s*次)")
RANGE = _rx(r"\s*(?:-|~|to(?![a-z])|through|thru|至|到)\s*")
EN_MONTHDAY = _rx(rf"(?:the\s+)?({_EN_ORD})\s+([a-z]+)")
ZH_MONTHDAY = _rx(
    r"(第\s*[一二三四1-4]|最后)\s*一?\s*个?\s*(?:周|星期|礼拜)?\s*([一二三四五六日天])"
)
UNTIL = _rx(r"(?:until|till|through|thru|to)(?![a-z])\s*|(?:截至|截止到|截止|直到|至|到)\s*")
DATES: tuple[tuple[re.Pattern[str], str], ...] = (
    (_rx(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})(?!\d)\s*[日号]?"), "ymd"),
    (_rx(r"(\d{4})(\d{2})(\d{2})(?!\d)"), "ymd"),
    (_rx(r"(\d{1,2})\s+([a-z]+)\.?,?\s+(\d{4})(?!\d)"), "dmy"),
    (_rx(r"([a-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})(?!\d)"), "mdy"),
    (_rx(r"(\d{1,2})\s*[-/.月]\s*(\d{1,2})(?!\d)\s*[日号]?"), "md"),
)
DATE_TAIL = _rx(r"\s*(?:为止|止)")
COUNTS = (
    _rx(r"(?:x|×|\*)\s*(\d+)(?!\d)"),
    _rx(rf"(?:一共|共计|共)?\s*({_ZH_NUM})\s*次"),
    _rx(r"(\d+)\s*(?:times|x)(?![a-z])"),
    _rx(r"(once)(?![a-z])"),
)
FRAGMENT = _rx(r"[a-z]+|(?:周|星期|礼拜)\S|[^\s,、;]+")
