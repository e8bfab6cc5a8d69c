"""How regular shifts read: the rule in words, next dates, and every series refusal as a sentence.

Refusals name the accepted forms, so a coordinator who typed a bad repeat rule or skip range
knows what to send instead. ``explain_series`` handles the series' own errors and hands the
rest to :func:`bot.explain.explain`.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from html import escape

from telegram import Update

from bot.context import ShiftContext
from bot.explain import explain
from bot.i18n import N_, Gettext, translator
from bot.repeat_words import say_rule
from bot.replies import refuse_text
from bot.views.shift_text import when
from data.errors import DomainError, InvalidInput
from data.models import Series, Shift
from data.recurrence import RepeatError, RepeatRule

ACCEPTED = N_(
    "Accepted forms: daily, weekdays, weekly, every 2 weeks, weekly mon,wed,fri (每周一三五), monthly (每月), each optionally followed by until 2027-03-31 or x10."
)
SKIP_FORM = N_(
    "Send: /skip &lt;regular shift no.&gt; &lt;first day&gt;..&lt;last day&gt;, e.g. <code>/skip 3 2027-02-10..2027-02-17</code> (one day: <code>/skip 3 2027-02-10</code>)."
)

_REPEAT = {
    "empty": N_("The repeat part is empty."),
    "unknown_words": N_("I did not understand “{detail}” in the repeat rule."),
    "bad_weekday": N_(
        "“{detail}” is not a weekday. Use mon, tue, wed, thu, fri, sat, sun or 周一…周日, e.g. weekly mon,wed,fri or 每周一三五."
    ),
    "bad_interval": N_(
        "Every {detail} weeks is not possible: use 1 to 52 weeks, e.g. every 2 weeks."
    ),
    "bad_until_date": N_(
        "I could not read the end date “{detail}”. Write it like until 2027-03-31 or 至2027-03-31."
    ),
    "until_before_start": N_(
        "The end date {detail} is before the first shift. Choose a later one, e.g. until 2027-03-31."
    ),
    "until_and_count": N_(
        "Give an end date (until 2027-03-31) or a number of times (x10), not both."
    ),
    "count_zero": N_("A regular shift must happen at least once: use x1 to x500, e.g. x10."),
    "count_too_large": N_(
        "{detail} times is too many: the limit is 500. Give a smaller count, or an end date with until."
    ),
}

_INVALID = {
    ("repeat", "no_occurrences"): N_(
        "That rule gives no date from the first day to its end. Check the weekdays and the end date."
    ),
    ("skip", "reversed"): N_(
        "The range {first}..{last} ends before it starts: send the earlier day first."
    ),
    ("skip", "too_long"): N_("A skip range can be at most {limit} days long."),
    ("skip", "past"): N_("{first}..{last} is already over: only days still ahead can be skipped."),
    ("skip", "outside"): N_(
        "{first}..{last} is outside this regular shift, which runs from {start} to {end}."
    ),
    ("skip", "outside_open"): N_(
        "{first}..{last} is outside this regular shift, which starts on {start}."
    ),
    ("skip", "no_occurrence"): N_(
        "This regular shift has no occurrence from {first} to {last}, so there is nothing to skip."
    ),
    ("skip", "format"): SKIP_FORM,
    ("start", "series_day"): N_(
        "A change to all following occurrences cannot move them to another day. Change only this occurrence, or cancel this and all following and post a new regular shift."
    ),
}

_BY_CODE = {
    "not_in_series": N_("This is a one-off shift, not part of a regular shift."),
    "series_ended": N_("This regular shift has ended."),
    "already_standing": N_(
        "You have already signed up for every occurrence of this regular shift. /my shows it."
    ),
    "not_standing": N_("You no longer have a standing sign-up for this regular shift."),
}


def explain_repeat(error: RepeatError, _: Gettext) -> str:
    """What was wrong with a repeat rule, and the forms that are accepted."""
    first = _(_REPEAT.get(error.code, _REPEAT["unknown_words"])).format(detail=escape(error.detail))
    return f"{first}\n{_(ACCEPTED)}"


def explain_series(error: DomainError, _: Gettext, language: str) -> str:
    """A translated, HTML-safe sentence for a series refusal (others go to ``explain``)."""
    params = {k: escape(str(v)) for k, v in error.params.items() if isinstance(v, str | int)}
    if isinstance(error, InvalidInput):
        key = (str(error.params.get("field")), str(error.params.get("reason")))
        if key == ("skip", "outside") and not params.get("end"):
            key = ("skip", "outside_open")
        if key in _INVALID:
            text = _(_INVALID[key]).format_map(_Blank(params))
            return f"{text}\n{_(SKIP_FORM)}" if key[0] == "skip" and key[1] != "format" else text
    if error.code in _BY_CODE:
        return _(_BY_CODE[error.code])
    return explain(error, _, language)


async def refuse_series(
    update: Update, context: ShiftContext, error: DomainError | RepeatError
) -> None:
    """Like :func:`bot.replies.refuse`, with the series' own sentences."""
    if isinstance(error, RepeatError):
        text = explain_repeat(error, context._)
    else:
        text = explain_series(error, context._, context.language)
    await refuse_text(update, text)


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


class _Blank(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return ""
