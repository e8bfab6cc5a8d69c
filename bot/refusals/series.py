"""Refusals about regular shifts: a repeat rule typed wrong, a skip range, a series-wide change,
a standing sign-up. Each names the accepted form, so the coordinator knows what to send instead.
"""

from __future__ import annotations

from bot.i18n import N_, Gettext
from bot.refusals.wording import REPEAT_RULE, Entry, Key, fill, then
from data.errors import DomainError

ACCEPTED = N_(
    "Accepted forms: daily, weekdays, weekly, every 2 weeks, weekly mon,wed,fri (每周一三五), monthly (每月), each optionally followed by until 2027-03-31 or x10."
)
SKIP_FORM = N_(
    "Send: /skip &lt;regular shift no.&gt; &lt;first day&gt;..&lt;last day&gt;, e.g. <code>/skip 3 2027-02-10..2027-02-17</code> (one day: <code>/skip 3 2027-02-10</code>)."
)
_UNKNOWN_WORDS = N_("I did not understand “{detail}” in the repeat rule.")


def _outside(error: DomainError, _: Gettext, language: str) -> str:
    """Outside the series' dates; one without an end date only has a start to name."""
    if error.params.get("end"):
        text = N_(
            "{first}..{last} is outside this regular shift, which runs from {start} to {end}."
        )
    else:
        text = N_("{first}..{last} is outside this regular shift, which starts on {start}.")
    return f"{fill(text, error, _)}\n{_(SKIP_FORM)}"


WORDS: dict[Key, Entry] = {
    (REPEAT_RULE,): then(_UNKNOWN_WORDS, ACCEPTED),
    (REPEAT_RULE, "empty"): then(N_("The repeat part is empty."), ACCEPTED),
    (REPEAT_RULE, "unknown_words"): then(_UNKNOWN_WORDS, ACCEPTED),
    (REPEAT_RULE, "bad_weekday"): then(
        N_(
            "“{detail}” is not a weekday. Use mon, tue, wed, thu, fri, sat, sun or 周一…周日, e.g. weekly mon,wed,fri or 每周一三五."
        ),
        ACCEPTED,
    ),
    (REPEAT_RULE, "bad_interval"): then(
        N_("Every {detail} weeks is not possible: use 1 to 52 weeks, e.g. every 2 weeks."),
        ACCEPTED,
    ),
    (REPEAT_RULE, "bad_until_date"): then(
        N_(
            "I could not read the end date “{detail}”. Write it like until 2027-03-31 or 至2027-03-31."
        ),
        ACCEPTED,
    ),
    (REPEAT_RULE, "until_before_start"): then(
        N_(
            "The end date {detail} is before the first shift. Choose a later one, e.g. until 2027-03-31."
        ),
        ACCEPTED,
    ),
    (REPEAT_RULE, "until_and_count"): then(
        N_("Give an end date (until 2027-03-31) or a number of times (x10), not both."), ACCEPTED
    ),
    (REPEAT_RULE, "count_zero"): then(
        N_("A regular shift must happen at least once: use x1 to x500, e.g. x10."), ACCEPTED
    ),
    (REPEAT_RULE, "count_too_large"): then(
        N_(
            "{detail} times is too many: the limit is 500. Give a smaller count, or an end date with until."
        ),
        ACCEPTED,
    ),
    ("invalid_input", "repeat", "no_occurrences"): N_(
        "That rule gives no date from the first day to its end. Check the weekdays and the end date."
    ),
    ("invalid_input", "skip", "format"): SKIP_FORM,
    ("invalid_input", "skip", "reversed"): then(
        N_("The range {first}..{last} ends before it starts: send the earlier day first."),
        SKIP_FORM,
    ),
    ("invalid_input", "skip", "too_long"): then(
        N_("A skip range can be at most {limit} days long."), SKIP_FORM
    ),
    ("invalid_input", "skip", "past"): then(
        N_("{first}..{last} is already over: only days still ahead can be skipped."), SKIP_FORM
    ),
    ("invalid_input", "skip", "outside"): _outside,
    ("invalid_input", "skip", "no_occurrence"): then(
        N_(
            "This regular shift has no occurrence from {first} to {last}, so there is nothing to skip."
        ),
        SKIP_FORM,
    ),
    ("invalid_input", "start", "series_day"): N_(
        "A change to all following occurrences cannot move them to another day. Change only this occurrence, or cancel this and all following and post a new regular shift."
    ),
    ("not_in_series",): N_("This is a one-off shift, not part of a regular shift."),
    ("series_ended",): N_("This regular shift has ended."),
    ("already_standing",): N_(
        "You have already signed up for every occurrence of this regular shift. /my shows it."
    ),
    ("not_standing",): N_("You no longer have a standing sign-up for this regular shift."),
}
