"""Names in the order a Chinese office lists them: by pinyin (陈 李 王 张 赵), not by code point.

Code-point order puts 张 (U+5F20) before 李 (U+674E); a roster is read by pinyin. Latin names
sort with the pinyin, letter case ignored. English readers get the same order: their sheet lists
the same people, and a name's place should not depend on who exported it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from functools import cache, lru_cache
from itertools import groupby
from typing import TypeVar

Row = TypeVar("Row")


# A year's records repeat the same few thousand names; pypinyin takes some 30 µs a name.
@lru_cache(maxsize=65_536)
def name_key(name: str) -> tuple[str, str]:
    """``("chen fang", "陈芳")``: the pinyin, then the name itself to break ties (同音字)."""
    return " ".join(_syllables()(name)).casefold(), name


@cache
def _syllables() -> Callable[[str], list[str]]:
    # pypinyin's dictionaries take some 50 MB and a second to load: only once a sheet is sorted,
    # not when the bot starts.
    from pypinyin import Style, lazy_pinyin

    return lambda text: lazy_pinyin(text, style=Style.NORMAL, errors="default")


def by_name(rows: Iterable[Row], name: Callable[[Row], str]) -> list[Row]:
    return sorted(rows, key=lambda row: name_key(name(row)))


def by_name_within(
    rows: Iterable[Row], group: Callable[[Row], object], name: Callable[[Row], str]
) -> Iterator[Row]:
    """Rows already in ``group`` order, each group's rows by name; one group held at a time."""
    for _, members in groupby(rows, key=group):
        yield from by_name(members, name)
