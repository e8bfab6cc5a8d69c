"""The repeat part of /newshift: the one-liner's sixth part, and the wizard's "🔁 Repeat…" choice
on the last look (buttons for the common rules; a typed rule works too).

``newshift`` calls these; they hold no conversation state of their own. A common rule's button
carries its index in :data:`CHOICES`.
"""

from __future__ import annotations

from datetime import datetime
from html import escape

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.actions import Action, encode
from bot.attempt import attempt
from bot.context import ShiftContext
from bot.handlers.presses import read_press
from bot.handlers.shiftform import rows, typed
from bot.handlers.staff.conversation import answer, settle
from bot.parsing import fold
from bot.replies import refuse, show
from bot.views.series_text import occurrence_lines, rule_with_time, rule_words, start_lines
from bot.views.shift_text import day_label
from bot.views.staff_keyboards import series_label
from data.errors import InvalidInput
from data.localtime import local_date
from data.recurrence import RepeatError, RepeatRule, build_rule, parse_repeat
from data.series import SeriesCreated, create_series, preview_starts
from data.shifts import ShiftDraft

CHOICES = ("once", "daily", "weekdays", "weekly", "biweekly", "monthly")
_ONCE = {"once", "no", "none", "不重复", "一次", "单次"}
NEXT_SHOWN = 4


def repeat_button(context: ShiftContext) -> InlineKeyboardButton:
    """The last look's way into the repeat choice."""
    return InlineKeyboardButton(context._("🔁 Repeat…"), callback_data=encode(Action.NEW_REPEAT))


def _labels(context: ShiftContext) -> list[str]:
    _ = context._
    return [_("Once"), _("Daily"), _("Weekdays"), _("Weekly"), _("Every 2 weeks"), _("Monthly")]


async def ask_repeat(update: Update, context: ShiftContext) -> None:
    """The common rules as buttons, and how to type any other."""
    await answer(update)
    buttons = [
        InlineKeyboardButton(label, callback_data=encode(Action.NEW_REPEAT_PICK, i))
        for i, label in enumerate(_labels(context))
    ]
    prompt = context._(
        "How does it repeat? Tap one, or send a rule such as 每周一三五 x10 or weekly until 2027-03-31."
    )
    await show(update, prompt, InlineKeyboardMarkup(rows(buttons, 3)))


async def take_repeat(
    update: Update, context: ShiftContext, starts_at: datetime
) -> tuple[bool, RepeatRule | None]:
    """The rule pressed or typed (None: once); ``(False, None)`` after explaining a bad one."""
    tz = context.services.settings.timezone
    start = local_date(starts_at, tz)
    try:
        if update.callback_query is not None:
            kind = CHOICES[read_press(update)[0]]  # below len(CHOICES): the action's bound
            rule = None if kind == "once" else build_rule(kind, start=start)
        else:
            text = typed(update)
            rule = None if fold(text) in _ONCE else parse_repeat(text, start=start)
    except (RepeatError, InvalidInput) as error:
        await refuse(update, context, error)
        return False, None
    label = _labels(context)[0] if rule is None else rule_words(rule, context.language)
    await settle(update, label)
    return True, rule


def repeat_lines(
    rule: RepeatRule, starts_at: datetime, ends_at: datetime, context: ShiftContext
) -> list[str]:
    """For the last look: the rule in words and the first few dates posting it creates."""
    _, services = context._, context.services
    tz = services.settings.timezone
    starts = preview_starts(
        rule, starts_at=starts_at, tz=tz, now=services.now(), policy=services.policy
    )[:NEXT_SHOWN]
    minutes = int((ends_at - starts_at).total_seconds() // 60)
    lines = [_("🔁 {rule}").format(rule=rule_words(rule, context.language)), _("First dates:")]
    return lines + start_lines(starts, minutes, tz, context.language)


async def post_series(
    update: Update, context: ShiftContext, draft: ShiftDraft, rule: RepeatRule
) -> bool:
    """Post the series; the reply states the rule and lists the next dates. False if refused."""
    created = await attempt(
        update, context, create_series, actor_id=context.my_id, draft=draft, rule=rule
    )
    if created is None:
        return False
    await answer(update)
    await show(update, posted(created, rule, context, requested=draft.starts_at))
    return True


def posted(
    created: SeriesCreated, rule: RepeatRule, context: ShiftContext, *, requested: datetime
) -> str:
    _, series = context._, created.series
    lines = [
        _("✅ Posted regular shift {label}: {title}").format(
            label=series_label(series.id), title=escape(series.title)
        ),
        _("🔁 {rule}").format(rule=rule_with_time(rule, series, context.language)),
        *moved_start(requested, created, context),
        _("📍 {location}").format(location=escape(series.location)),
        _.ngettext(
            "👥 {capacity} volunteer needed each time",
            "👥 {capacity} volunteers needed each time",
            series.capacity,
        ).format(capacity=series.capacity),
        "",
        _("Next dates:"),
        *occurrence_lines(list(created.occurrences[:NEXT_SHOWN]), context.language),
    ]
    count = len(created.occurrences)
    more = _.ngettext(
        "{count} date is posted so far; later ones are added as time goes on.",
        "{count} dates are posted so far; later ones are added as time goes on.",
        count,
    )
    lines += [more.format(count=count), ""]
    follow = _("All regular shifts: /series · holidays: /skip {label} 2027-02-10..2027-02-17")
    lines.append(follow.format(label=series_label(series.id)))
    return "\n".join(lines)


def moved_start(requested: datetime, created: SeriesCreated, context: ShiftContext) -> list[str]:
    """A line saying so when the date typed is not one of the rule's days (每周五 from a Saturday)."""
    if not created.occurrences:
        return []
    first, tz, language = created.occurrences[0].starts_at, created.series.tz, context.language
    if local_date(first, tz) == local_date(requested, tz):
        return []
    text = context._("ℹ️ {typed} does not fit the rule, so the first date is {first}.")
    return [
        text.format(
            typed=escape(day_label(requested, tz, language)),
            first=escape(day_label(first, tz, language)),
        )
    ]


async def post_one_liner(
    update: Update, context: ShiftContext, draft: ShiftDraft, repeat: str
) -> None:
    """``/newshift … | 6 | weekly``: nothing is stored unless the rule and the shift are right."""
    tz = context.services.settings.timezone
    start = local_date(draft.starts_at, tz)
    try:
        rule = parse_repeat(repeat, start=start)
    except RepeatError as error:
        await refuse(update, context, error)
        return
    await post_series(update, context, draft, rule)
