"""How regular shifts read: the rule in words with its time, and lists of dates (the series'
refusals are worded in ``bot/refusals/series.py``)."""

from __future__ import annotations

from datetime import datetime, timedelta
from html import escape

from bot.i18n import translator
from bot.repeat_words import say_rule
from bot.views.shift_text import when
from data.models import Series, Shift
from data.recurrence import RepeatRule


def rule_words(rule: RepeatRule, language: str) -> str:
    """``every week on Friday`` / ``每周五`` (escaped)."""
    return escape(say_rule(rule, language))


def rule_with_time(rule: RepeatRule, series: Series, language: str) -> str:
    """``08:00–10:00 · every week on Friday until 31 Mar 2027``: the time first, so an end date
    never reads as if the time belonged to it."""
    return f"{series_time(series)} · {rule_words(rule, language)}"


def series_time(series: Series) -> str:
    """``08:00–10:00``: the series' local start and end."""
    start = series.first_start_local
    end = start + timedelta(minutes=series.duration_minutes)
    return f"{start:%H:%M}–{end:%H:%M}"


def occurrence_lines(shifts: list[Shift], language: str) -> list[str]:
    """``• 12月4日 周五 08:00–10:00（编号 7）`` / ``• Fri 4 Dec 08:00–10:00 (No. 7)``."""
    _ = translator(language)
    line = _("• {when} (No. {id})")
    return [
        line.format(when=escape(when(s.starts_at, s.ends_at, s.tz, language)), id=s.id)
        for s in shifts
    ]


def start_lines(starts: list[datetime], minutes: int, tz: str, language: str) -> list[str]:
    """``• 12月4日 周五 08:00–10:00`` for starts not yet stored."""
    span = timedelta(minutes=minutes)
    return [f"• {escape(when(s, s + span, tz, language))}" for s in starts]
