"""Regular shifts (常态化岗位) for coordinators: /series and /skip.

"This occurrence only" / "this and all following" lives in ``edit_scope`` and ``cancel_scope``
(called by /editshift and /cancelshift), the volunteers' side in ``standing``, the /newshift
repeat part in ``bot/handlers/newshift/repeat.py``.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from html import escape

from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot.actions import Action
from bot.context import ShiftContext
from bot.handlers.presses import pressed
from bot.handlers.series.skip_example import explain_skip
from bot.handlers.staff.conversation import answer, command_text
from bot.handlers.staff.guard import staff_only
from bot.handlers.staff.picker import show_picker
from bot.handlers.staff.roster import chunks
from bot.parsing import fold, parse_date
from bot.replies import refuse, reply
from bot.types import Handler
from bot.views.series_text import occurrence_lines, rule_with_time
from bot.views.shift_text import date_label
from bot.views.staff_keyboards import SKIP, series_buttons, series_label
from data.errors import DomainError, InvalidInput
from data.localtime import local_date
from data.series_skip import skip_dates
from data.series_views import SeriesView, list_series, series_view

_RANGE = re.compile(r"\s*(?:\.\.+|…|~|～|〜|至|到|\bto\b)\s*")
# ``R3`` as series are labelled (views.staff_keyboards.series_label), or bare digits.
_SERIES_ID = re.compile(r"^(?:no\.?|#|r)?\s*(\d{1,12})$")


@staff_only("series")
async def list_all(update: Update, context: ShiftContext) -> None:
    """/series: each regular shift with its rule, next date and standing volunteers."""
    services, _ = context.services, context._
    views = await services.store.read(list_series, actor_id=context.my_id, now=services.now())
    if not views:
        example = "<code>{}</code>".format(
            _(
                "/newshift 2026-12-05 09:00-11:00 | Traffic civility duty | Minzhu Rd crossing | 6 | weekly"
            )
        )
        text = _("There are no regular shifts yet. Post one with a repeat part, e.g.\n{example}")
        await reply(update, text.format(example=example))
        return
    entries = [_entry(view, context) for view in views]
    footer = _(
        "Holidays: tap 🏮, or send e.g.\n{example}\nTo change or cancel a date, open it with 🗓."
    ).format(
        example=f"<code>/skip {series_label(views[0].series.id)} 2027-02-10..2027-02-17</code>"
    )
    # A long programme is sent in parts: Telegram allows 4096 characters a message.
    blocks = [_("<b>Regular shifts</b>"), *(f"\n{entry}" for entry in entries), f"\n{footer}"]
    parts = chunks(blocks)
    for part in parts[:-1]:
        await reply(update, part.strip())
    await reply(update, parts[-1].strip(), series_buttons(views, _))


def _entry(view: SeriesView, context: ShiftContext) -> str:
    _, series = context._, view.series
    lines = [
        f"<b>{series_label(series.id)} {escape(series.title)}</b> · {escape(series.location)}",
        _("🔁 {rule}").format(rule=rule_with_time(view.rule, series, context.language)),
    ]
    if view.next_shift is not None:
        lines.append(
            _("Next: {shift}").format(
                shift=occurrence_lines([view.next_shift], context.language)[0][2:]
            )
        )
    else:
        lines.append(_("No dates ahead."))
    count, capacity = view.standing_count, series.capacity
    standing = _.ngettext("{count} standing volunteer", "{count} standing volunteers", count)
    places = _.ngettext("{count} place each time", "{count} places each time", capacity)
    lines.append(
        _("👥 {standing} · {places}").format(
            standing=standing.format(count=count), places=places.format(count=capacity)
        )
    )
    return "\n".join(lines)


@staff_only("skip")
async def skip(update: Update, context: ShiftContext) -> None:
    """/skip <no.> <first>..<last>: holidays; occurrences there are not held, volunteers told."""
    services, _ = context.services, context._
    if not command_text(update).strip():  # the form with a real regular shift, then a picker
        if await explain_skip(update, context):
            await show_picker(update, context, SKIP, 0)
        return
    try:
        series_id, first, last = _skip_args(command_text(update), context)
        result = await services.store.run(
            skip_dates,
            actor_id=context.my_id,
            series_id=series_id,
            first_day=first,
            last_day=last,
            now=services.now(),
        )
    except DomainError as error:
        await refuse(update, context, error)
        return
    if result.notified_ids:
        services.kick()
    series, language = result.series, context.language
    days = date_label(first, language)
    if last != first:
        days += "–" + date_label(last, language)
    lines = [
        _("🏮 Regular shift {label} ({title}) takes a break on {days}.").format(
            label=series_label(series.id), title=escape(series.title), days=days
        )
    ]
    if result.cancelled:
        count, people = len(result.cancelled), len(result.notified_ids)
        cancelled = _.ngettext(
            "{count} posted occurrence is cancelled",
            "{count} posted occurrences are cancelled",
            count,
        )
        told = _.ngettext(
            "the {count} volunteer concerned will be told once",
            "the {count} volunteers concerned will be told once",
            people,
        )
        lines.append(
            _("{cancelled}; {told}.").format(
                cancelled=cancelled.format(count=count), told=told.format(count=people)
            )
        )
    else:
        lines.append(_("No occurrence was posted there yet, and none will be."))
    await reply(update, "\n".join(lines))


@staff_only("skip")
async def skip_pressed(update: Update, context: ShiftContext) -> None:
    """🏮 Skip dates on a card or in the picker: the /skip line for this series, from its next date."""
    args = await pressed(update, context, Action.STAFF_SKIP)
    if args is None:
        return
    services, _ = context.services, context._
    try:
        view = await services.store.read(series_view, series_id=args[0], now=services.now())
    except DomainError as error:
        await refuse(update, context, error)
        return
    await answer(update)
    series = view.series
    start = view.next_shift.starts_at if view.next_shift is not None else services.now()
    first = local_date(start, series.tz)
    example = f"<code>/skip {series_label(series.id)} {first}..{first + timedelta(days=7)}</code>"
    text = _(
        "Which days should regular shift {label} ({title}) skip? Send the first and last day, e.g.\n{example}"
    )
    await reply(
        update,
        text.format(label=series_label(series.id), title=escape(series.title), example=example),
    )


def _skip_args(text: str, context: ShiftContext) -> tuple[int, date, date]:
    """``3 2027-02-10..2027-02-17`` (or one day) -> series number, first day, last day."""
    head, _sep, rest = fold(text).partition(" ")
    found = _SERIES_ID.match(head)
    if not found or not rest.strip():
        raise InvalidInput(field="skip", reason="format")
    pieces = [p for p in _RANGE.split(rest.strip()) if p]
    if len(pieces) not in (1, 2):
        raise InvalidInput(field="skip", reason="format")
    today = local_date(context.services.now(), context.services.settings.timezone)
    days = [parse_date(piece, today=today) for piece in pieces]
    return int(found.group(1)), days[0], days[-1]


def handlers() -> list[Handler]:
    return [
        CommandHandler("series", list_all),
        CommandHandler("skip", skip),
        CallbackQueryHandler(skip_pressed, pattern=Action.STAFF_SKIP.pattern),
    ]
