"""/export: the service-hours workbook (服务时长) of a period, for coordinators and admins.

``/export`` offers "This month" / "Last month" / "This year"; ``/export 2026-12`` (a month),
``/export 2026`` (a year) or ``/export 2026-12-01..2026-12-31`` (a range) go straight to the
file. Months and years are read in the configured zone at the moment of asking. The role is
checked from the database on every command and press, and again by the domain. Callback
action written here: ``export``.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from datetime import date, datetime
from functools import partial

from sqlmodel import Session
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ChatAction
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot.actions import Action, encode
from bot.context import ShiftContext
from bot.handlers.presses import pressed
from bot.handlers.staff.conversation import command_text, settle
from bot.handlers.staff.guard import staff_only
from bot.handlers.staff.progress import ProgressMessage
from bot.i18n import N_, Gettext
from bot.notices.attendance import hours_text
from bot.parsing import fold
from bot.replies import refuse, reply
from bot.types import Handler
from bot.views.report_heading import Heading, file_name, heading_for
from bot.views.shift_text import full_date
from bot.views.xlsx import Progress, workbook_bytes
from data.errors import DomainError
from data.models import AttendanceStatus
from data.reports import (
    Period,
    ReportSize,
    ReportTotals,
    last_month,
    month_of,
    report_size,
    streamed_report,
    this_month,
    this_year,
    year_of,
)

log = logging.getLogger(__name__)

ACTION = "export"
CHOICES = (N_("This month"), N_("Last month"), N_("This year"))
PICKERS = (this_month, last_month, this_year)
_DAY = r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})"
_RANGE = re.compile(rf"^{_DAY}\s*(?:\.\.|~|-|–|—|至|到|to)\s*{_DAY}$")
_MONTH = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?$")
_YEAR = re.compile(r"^(\d{4})\s*年?$")
YEARS = (1970, 2999)
LARGE = 10_000  # records from which a progress message shows while the file is built
USAGE = N_(
    "Send /export and choose a period, or name one:\n"
    "<code>/export 2026-12</code> (a month)\n"
    "<code>/export 2026</code> (a year)\n"
    "<code>/export 2026-12-01..2026-12-31</code> (from one date to another)"
)


class BadPeriod(ValueError):
    """The text names no period we can read (its message is the msgid to show)."""


def parse_period(text: str) -> Period:
    """``2026-12``, ``2026年12月``, ``2026``, ``2026-12-01..2026-12-31`` (full-width folded)."""
    folded = fold(text)
    try:
        if match := _RANGE.match(folded):
            y1, m1, d1, y2, m2, d2 = (int(g) for g in match.groups())
            first, last = _date(y1, m1, d1), _date(y2, m2, d2)
            if last < first:
                raise BadPeriod(N_("The period ends before it begins. Put the earlier date first."))
            return Period(first, last)
        if match := _MONTH.match(folded):
            return month_of(_date(int(match.group(1)), int(match.group(2)), 1))
        if match := _YEAR.match(folded):
            return year_of(_date(int(match.group(1)), 1, 1))
    except ValueError as error:
        if isinstance(error, BadPeriod):
            raise
        raise BadPeriod(N_("That is not a real date. Check the month and day.")) from None
    raise BadPeriod(N_("I could not read that period."))


def _date(year: int, month: int, day: int) -> date:
    """A real date in a year the programme can have records for (far years would overflow)."""
    if not YEARS[0] <= year <= YEARS[1]:
        raise ValueError(year)
    return date(year, month, day)


def period_buttons(_: Gettext) -> InlineKeyboardMarkup:
    row = [
        InlineKeyboardButton(_(label), callback_data=encode(Action.EXPORT_PERIOD, index))
        for index, label in enumerate(CHOICES)
    ]
    return InlineKeyboardMarkup([row])


@staff_only(ACTION)
async def start_export(update: Update, context: ShiftContext) -> None:
    """/export [period]: offer the usual periods, or export the one named."""
    _ = context._
    text = command_text(update)
    if not text:
        await reply(update, _("📊 Which period should I export?"), period_buttons(_))
        return
    try:
        period = parse_period(text)
    except BadPeriod as error:
        await reply(update, _(str(error)) + "\n\n" + _(USAGE))
        return
    await send_report(update, context, period)


@staff_only(ACTION)
async def choose_period(update: Update, context: ShiftContext) -> None:
    """This month / Last month / This year, read at the moment of pressing."""
    args = await pressed(update, context)
    if args is None:
        return
    await settle(update, context._(CHOICES[args[0]]))
    services = context.services
    period = PICKERS[args[0]](services.now(), services.settings.timezone)
    await send_report(update, context, period)


async def send_report(update: Update, context: ShiftContext, period: Period) -> None:
    """Build the period's workbook and send it as a document, or say there is nothing in it."""
    _, chat, services = context._, update.effective_chat, context.services
    assert chat is not None
    store, me, now = services.store, context.my_id, services.now()
    org, zone = services.settings.org_name, services.settings.timezone
    try:
        size = await store.read(report_size, actor_id=me, period=period, now=now)
    except DomainError as error:
        await refuse(update, context, error)
        return
    when = period_text(period, context.language)
    if not size.records:
        empty = _("No closed attendance records from {period}, so there is no file to send.")
        await reply(update, "\n".join([empty.format(period=when), *_unclosed_note(size, _)]))
        return
    await chat.send_action(ChatAction.UPLOAD_DOCUMENT)
    progress = None
    if size.records >= LARGE:
        text = _("Preparing… {percent} %")
        progress = await ProgressMessage.send(chat, lambda n: text.format(percent=n))
    try:
        # A worker thread streams the records from the database into the file: the event loop
        # keeps answering everyone else meanwhile.
        report, data = await store.read(
            _workbook,
            actor_id=me,
            period=period,
            now=now,
            heading=partial(heading_for, organisation=org, period=when, now=now, tz=zone, _=_),
            _=_,
            progress=progress and progress.report,
        )
        if progress is not None:
            await progress.settle()
        log.info("volunteer %s exported %s: %d records", me, period.label, report.record_count)
        await chat.send_document(
            data,
            filename=file_name(period, context.language),
            caption=caption(report, when, _),
            parse_mode="HTML",
        )
    finally:
        if progress is not None:
            await progress.remove()


def _workbook(
    *,
    session: Session,
    actor_id: int,
    period: Period,
    now: datetime,
    heading: Callable[[ReportTotals], Heading],
    _: Gettext,
    progress: Progress | None,
) -> tuple[ReportTotals, bytes]:
    """The report's totals and its file, in one transaction (runs in the worker thread)."""
    report = streamed_report(session=session, actor_id=actor_id, period=period, now=now)
    return report, workbook_bytes(report, heading(report), _, progress)


def caption(report: ReportTotals, when: str, _: Gettext) -> str:
    """What the file holds, in totals a coordinator can check against the sheet."""
    counts = report.counts
    lines = [
        _("📊 <b>Service hours</b> · {period}").format(period=when),
        _("Volunteers: {volunteers} · Records: {records} · Total: {hours}").format(
            volunteers=len(report.volunteers),
            records=report.record_count,
            hours=hours_text(report.minutes, _),
        ),
        _("Present {present} · Late {late} · Absent {absent} · Excused {excused}").format(
            present=counts[AttendanceStatus.PRESENT],
            late=counts[AttendanceStatus.LATE],
            absent=counts[AttendanceStatus.ABSENT],
            excused=counts[AttendanceStatus.EXCUSED],
        ),
    ]
    if report.corrected:
        lines.append(_("Corrected records: {count} (highlighted)").format(count=report.corrected))
    return "\n".join(lines + _unclosed_note(report, _))


def _unclosed_note(report: ReportSize | ReportTotals, _: Gettext) -> list[str]:
    if not report.unclosed:
        return []
    note = _.ngettext(
        "⚠️ {count} shift of this period is not closed yet; its hours are not included.",
        "⚠️ {count} shifts of this period are not closed yet; their hours are not included.",
        report.unclosed,
    )
    return [note.format(count=report.unclosed)]


def period_text(period: Period, language: str) -> str:
    """``2026年12月1日–2026年12月31日`` / ``1 Dec 2026–31 Dec 2026``."""
    first, last = full_date(period.first, language), full_date(period.last, language)
    return first if period.first == period.last else f"{first}–{last}"


def handlers() -> list[Handler]:
    return [
        CommandHandler("export", start_export),
        CallbackQueryHandler(choose_period, pattern=Action.EXPORT_PERIOD.pattern),
    ]
