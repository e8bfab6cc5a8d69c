"""/hours: the volunteer's service hours (服务时长) this month, this year, in all, and recent records."""

from __future__ import annotations

from html import escape

from telegram import Update
from telegram.ext import CommandHandler

from bot.context import ShiftContext
from bot.i18n import Gettext
from bot.notices.attendance import hours_text, status_label
from bot.replies import reply
from bot.types import Handler
from bot.views.shift_text import day_label
from data.hours import HoursRecord, HoursSummary, hours_of


async def show_hours(update: Update, context: ShiftContext) -> None:
    """/hours: credited hours from closed attendance records only."""
    services = context.services
    summary = await services.store.read(
        hours_of,
        volunteer_id=context.my_id,
        now=services.now(),
        zone=services.settings.timezone,
    )
    await reply(update, hours_message(summary, context.language, context._))


def hours_message(summary: HoursSummary, language: str, _: Gettext) -> str:
    lines = [
        _("⏱ <b>My service hours</b>"),
        _("This month: {hours}").format(hours=hours_text(summary.month_minutes, _)),
        _("This year: {hours}").format(hours=hours_text(summary.year_minutes, _)),
        _("In all: {hours}").format(hours=hours_text(summary.total_minutes, _)),
    ]
    if not summary.recent:
        lines += ["", _("No records yet. Hours are credited after each shift you attend.")]
        return "\n".join(lines)
    lines += ["", _("<b>Recent records</b>")]
    lines += [record_line(record, language, _) for record in summary.recent]
    return "\n".join(lines)


def record_line(record: HoursRecord, language: str, _: Gettext) -> str:
    """``12月3日 周四 文明交通劝导 · 出勤 · 2.0 小时``."""
    day = day_label(record.starts_at, record.tz, language)
    status = status_label(record.status, _)
    return f"{day} {escape(record.title)} · {status} · {hours_text(record.minutes, _)}"


def handlers() -> list[Handler]:
    return [
        CommandHandler("hours", show_hours),
    ]
