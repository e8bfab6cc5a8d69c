"""Read what coordinators type: dates, time ranges, capacities, shift numbers, the one-liner.

Dates, times and numbers are folded with NFKC first, so full-width ``１２：００``, ``～`` and ``｜``
typed on a Chinese keyboard read like their ASCII forms; titles and locations are kept as typed.
Every refusal is an :class:`InvalidInput` with a (field, reason) pair that ``bot/explain.py`` words.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from data.errors import InvalidInput, NotFound
from data.localtime import at_local, local_date
from data.shifts import ShiftDraft

_DAY_WORDS = {"today": 0, "今天": 0, "今日": 0, "tomorrow": 1, "明天": 1, "明日": 1, "后天": 2}
_FULL_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_MONTH_DAY = re.compile(r"^(\d{1,2})\s*[-/月]\s*(\d{1,2})\s*日?$")
_CLOCK = r"(\d{1,2})\s*[:.]\s*(\d{2})"
_RANGE = re.compile(rf"^{_CLOCK}\s*(?:-|–|—|~|〜|至|到|to)\s*{_CLOCK}$", re.IGNORECASE)
_CAPACITY = re.compile(r"^([+-]?\d+)\s*(?:人|名|people|persons?|volunteers?)?$", re.IGNORECASE)
_SHIFT_ID = re.compile(r"^(?:no\.?|#|№)?\s*(\d+)$", re.IGNORECASE)
_SEPARATORS = re.compile(r"[|｜]")
# Ids beyond this are not shifts we have made; looking them up would overflow SQLite's integer.
_MAX_ID_DIGITS = 12


@dataclass(frozen=True)
class ParsedShift:
    """A one-liner read: the shift, and the optional sixth part (a repeat rule, for series)."""

    draft: ShiftDraft
    repeat: str | None = None


def fold(text: str) -> str:
    """Full-width digits and punctuation to ASCII, white space trimmed, lower case."""
    return unicodedata.normalize("NFKC", text).strip().lower()


def parse_date(text: str, *, today: date) -> date:
    """``2026-12-05``, ``12-05`` / ``12月5日`` (next such day), today / tomorrow / 今天 / 明天 / 后天."""
    folded = fold(text)
    if folded in _DAY_WORDS:
        return today + timedelta(days=_DAY_WORDS[folded])
    if match := _FULL_DATE.match(folded):
        year, month, day = (int(g) for g in match.groups())
        return _real_date(year, month, day, text)
    if match := _MONTH_DAY.match(folded):
        month, day = (int(g) for g in match.groups())
        candidate = _real_date(today.year, month, day, text)
        # A month and day without a year mean the next such day, so "01-05" in December is January.
        return candidate if candidate >= today else _real_date(today.year + 1, month, day, text)
    raise InvalidInput(field="date", reason="format", text=text.strip())


def _real_date(year: int, month: int, day: int, text: str) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise InvalidInput(field="date", reason="impossible", text=text.strip()) from None


def parse_time_range(text: str) -> tuple[time, time]:
    """``09:00-11:00``, ``9:00–11:00``, ``09：00～11：00``, ``9:00至11:00``: 24-hour wall times."""
    match = _RANGE.match(fold(text))
    if not match:
        raise InvalidInput(field="time", reason="format", text=text.strip())
    h1, m1, h2, m2 = (int(g) for g in match.groups())
    if max(h1, h2) > 23 or max(m1, m2) > 59:
        raise InvalidInput(field="time", reason="format", text=text.strip())
    return time(h1, m1), time(h2, m2)


def parse_capacity(text: str) -> int:
    """A whole number of volunteers (``6``, ``６``, ``6人``); the range is the domain's to check."""
    match = _CAPACITY.match(fold(text))
    if not match:
        raise InvalidInput(field="capacity", reason="format", text=text.strip())
    return int(match.group(1))


def parse_shift_id(text: str, command: str) -> int:
    """The shift number after a command: ``12``, ``#12``, ``No. 12``."""
    match = _SHIFT_ID.match(fold(text))
    if not match:
        raise InvalidInput(field="shift_id", reason="digits", command=command, text=text.strip())
    if len(match.group(1)) > _MAX_ID_DIGITS:
        raise NotFound(what="shift", ref=match.group(1))
    return int(match.group(1))


def split_shift_ref(text: str, command: str) -> tuple[int, str]:
    """``12 rain expected`` -> (12, "rain expected"): a shift number and the rest as typed."""
    head, _, rest = text.strip().partition(" ")
    return parse_shift_id(head, command), rest.strip()


def parse_newshift(text: str, *, now: datetime, tz: str) -> ParsedShift:
    """``2026-12-05 09:00-11:00 | title | location | 6 [| repeat]`` in the coordinator's zone."""
    parts = [part.strip() for part in _SEPARATORS.split(text)]
    if len(parts) < 4 or not parts[0]:
        raise InvalidInput(field="fields", reason="missing")
    if len(parts) > 5:
        raise InvalidInput(field="fields", reason="too_many")
    day_text, range_text = _split_when(parts[0])
    day = parse_date(day_text, today=local_date(now, tz))
    start, end = parse_time_range(range_text)
    capacity = parse_capacity(parts[3])
    starts_at, ends_at = at_local(day, start, tz), at_local(day, end, tz)
    draft = ShiftDraft(parts[1], parts[2], starts_at, ends_at, capacity, tz)
    repeat = parts[4] if len(parts) == 5 and parts[4] else None
    return ParsedShift(draft, repeat)


def _split_when(text: str) -> tuple[str, str]:
    """``2026-12-05 09:00-11:00`` or ``明天9:00-11:00`` -> (date, time range)."""
    folded = fold(text)
    pieces = folded.split(maxsplit=1)
    if len(pieces) == 2:
        return pieces[0], pieces[1]
    match = re.match(r"^(\D+?)(\d.*)$", folded)
    if match and match.group(1) in _DAY_WORDS:
        return match.group(1), match.group(2)
    raise InvalidInput(field="fields", reason="missing")
