"""A repeat rule in words, from translated parts: ``every week on Monday and Friday, 10 times`` /
``每周一、五，共10次``.

data/ takes the rule apart (:func:`data.recurrence.describe`); each part here is a msgid, so a
translator can order the sentence as their language wants. The weekday names and list joints
carry the context ``repeat rule``: in Chinese a day in a rule is a bare 一…日 after one 周.
"""

from __future__ import annotations

from bot.i18n import Gettext, pick_language, translator
from bot.views.shift_text import full_date
from data.recurrence import Pattern, RepeatRule, RuleDescription, describe


def say_rule(rule: RepeatRule, language: str) -> str:
    """The rule as one phrase (not escaped); any ``zh…`` code reads Chinese, others English."""
    language = pick_language(None, language, "en")
    _, parts = translator(language), describe(rule)
    text = _how_often(parts, _)
    if parts.until is not None:
        return _("{rule} until {date}").format(rule=text, date=full_date(parts.until, language))
    if parts.count is not None:
        times = _.ngettext("{rule}, once", "{rule}, {count} times", parts.count)
        return times.format(rule=text, count=parts.count)
    return text


def _how_often(parts: RuleDescription, _: Gettext) -> str:
    if parts.pattern is Pattern.DAILY:
        return _("every day")
    if parts.pattern is Pattern.WEEKDAYS:
        return _("every weekday")
    if parts.pattern is Pattern.MONTHLY:
        assert parts.ordinal is not None
        return _("the {ordinal} {day} of every month").format(
            ordinal=_ordinal(parts.ordinal, _), day=_day_names(_)[parts.days[0]]
        )
    days = _day_list(parts.days, _)
    if parts.every == 1:
        return _("every week on {days}").format(days=days)
    if parts.every == 2:
        # TRANSLATORS: every other week; Chinese says 两 rather than the digit.
        return _("every 2 weeks on {days}").format(days=days)
    weeks = _.ngettext("every {n} week on {days}", "every {n} weeks on {days}", parts.every)
    return weeks.format(n=parts.every, days=days)


def _day_names(_: Gettext) -> tuple[str, ...]:
    """Monday first. Literal calls, so that extraction sees each name with its context."""
    return (
        # TRANSLATORS: a day in a repeat rule; Chinese says the bare 一…日, after one 周.
        _.pgettext("repeat rule", "Monday"),
        _.pgettext("repeat rule", "Tuesday"),
        _.pgettext("repeat rule", "Wednesday"),
        _.pgettext("repeat rule", "Thursday"),
        _.pgettext("repeat rule", "Friday"),
        _.pgettext("repeat rule", "Saturday"),
        _.pgettext("repeat rule", "Sunday"),
    )


def _ordinal(ordinal: int, _: Gettext) -> str:
    if ordinal == -1:
        return _.pgettext("repeat rule", "last")
    return (
        _.pgettext("repeat rule", "first"),
        _.pgettext("repeat rule", "second"),
        _.pgettext("repeat rule", "third"),
        _.pgettext("repeat rule", "fourth"),
    )[ordinal - 1]


def _day_list(weekdays: tuple[int, ...], _: Gettext) -> str:
    """``Monday, Wednesday and Friday`` / ``一、三、五``."""
    names = [_day_names(_)[d] for d in weekdays]
    text = names[0]
    for name in names[1:-1]:
        text = _.pgettext("repeat rule", "{days}, {day}").format(days=text, day=name)
    if len(names) > 1:
        text = _.pgettext("repeat rule", "{days} and {day}").format(days=text, day=names[-1])
    return text
