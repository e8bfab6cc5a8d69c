"""When a shift starts, said from the moment a message is sent: "starts in 2 hours",
"starts tomorrow 09:00", "starts Fri 5 Dec 09:00". A pure function of the start, the zone and ``now``."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.i18n import Gettext
from bot.views.shift_text import day_label
from data.localtime import in_zone, local_date

# Closer than this, the start is said as a count of hours or minutes ("starts in 2 hours").
NEAR = timedelta(hours=6)


def starts_when(starts_at: datetime, tz: str, now: datetime, language: str, _: Gettext) -> str:
    """The start as the reader at ``now`` thinks of it: near ones counted, others by day
    (today, tomorrow, else weekday and date)."""
    ahead = starts_at - now
    if timedelta(0) < ahead < NEAR:
        return _counted(ahead, _)
    clock = f"{in_zone(starts_at, tz):%H:%M}"
    days = (local_date(starts_at, tz) - local_date(now, tz)).days
    if days == 0:
        return _("starts today {time}").format(time=clock)
    if days == 1:
        return _("starts tomorrow {time}").format(time=clock)
    return _("starts {date} {time}").format(date=day_label(starts_at, tz, language), time=clock)


def _counted(ahead: timedelta, _: Gettext) -> str:
    """``2 小时后开始`` / ``starts in 2 hours``; under an hour, in minutes (rounded to 5)."""
    minutes = max(1, round(ahead.total_seconds() / 60))
    if minutes < 60:
        if minutes >= 10:
            minutes = 5 * round(minutes / 5)
        return _.ngettext("starts in {count} minute", "starts in {count} minutes", minutes).format(
            count=minutes
        )
    hours, rest = divmod(minutes, 60)
    if rest >= 30:  # to the nearest hour: 1 h 50 min and 2 h 20 min are both "in 2 hours"
        hours += 1
    return _.ngettext("starts in {count} hour", "starts in {count} hours", hours).format(
        count=hours
    )
