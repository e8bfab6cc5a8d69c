"""/skip with nothing after it: the form, shown with a real regular shift of the coordinator's
(its number, title and next date), or that they have none."""

from __future__ import annotations

from datetime import timedelta
from html import escape

from telegram import Update

from bot.context import ShiftContext
from bot.replies import reply
from bot.views.shift_text import date_label
from bot.views.staff_keyboards import series_label
from data.localtime import local_date
from data.series_views import SeriesView, list_series


def _theirs(views: list[SeriesView], my_id: int) -> list[SeriesView]:
    """Their regular shifts with a date ahead, the soonest first."""
    ahead = [
        (v.next_shift.starts_at, v)
        for v in views
        if v.series.created_by == my_id and v.next_shift is not None
    ]
    return [v for _, v in sorted(ahead, key=lambda pair: pair[0])]


async def explain_skip(update: Update, context: ShiftContext) -> bool:
    """The /skip form with the coordinator's soonest regular shift; False when they have none."""
    services, _ = context.services, context._
    views = await services.store.read(list_series, actor_id=context.my_id, now=services.now())
    theirs = _theirs(views, context.my_id)
    if not theirs:
        await reply(
            update,
            _(
                "/skip pauses a regular shift on holidays, but you have no regular shift with "
                "dates ahead. /series lists them all."
            ),
        )
        return False
    view = theirs[0]
    assert view.next_shift is not None
    day = local_date(view.next_shift.starts_at, view.series.tz)
    text = _(
        "Send the regular shift's number and the days it takes a break. For your "
        "regular shift {id} ({title}), next on {date}:\n"
        "<code>/skip {id} {day}</code>\n"
        "Several days: <code>/skip {id} {day}..{later}</code>\n"
        "/series lists your regular shifts and their numbers."
    )
    await reply(
        update,
        text.format(
            id=series_label(view.series.id),
            title=escape(view.series.title),
            date=date_label(day, context.language),
            day=day.isoformat(),
            later=(day + timedelta(days=7)).isoformat(),
        ),
    )
    return True
