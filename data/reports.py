"""Service-hours reports (服务时长统计) for a period, as coordinators hand them to the bureau.

Only closed attendance records count, as in ``hours.py``: a record belongs to the period when its
shift's local start date (in the shift's zone) falls in it. Minutes are summed exactly; hours
with one decimal come from :func:`data.hours.format_hours` (half up), per record and per total.

Totals per volunteer are summed by the database; the records can be streamed
(:func:`streamed_report`), so a year's workbook is written without holding the year in memory.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, NamedTuple

from sqlalchemy import ColumnElement
from sqlmodel import Session

from data import report_queries as queries
from data.hours import format_hours
from data.localtime import local_date
from data.report_period import Period, last_month, month_of, this_month, this_year, year_of
from data.report_queries import COUNTED, Change
from data.volunteers import require_coordinator

__all__ = [
    "COUNTED",
    "Change",
    "Period",
    "last_month",
    "month_of",
    "this_month",
    "this_year",
    "year_of",
]


def hours_value(minutes: int) -> Decimal:
    """Minutes as a number of hours with one decimal, rounded half up: ``50`` → ``0.8``."""
    return Decimal(format_hours(minutes))


class Person(NamedTuple):
    """Who a row is about, as the bureau's sheet names them."""

    id: int
    display_name: str
    username: str | None
    phone: str | None


class ShiftFacts(NamedTuple):
    id: int
    title: str
    location: str
    starts_at: datetime
    ends_at: datetime
    tz: str


class AttendanceFacts(NamedTuple):
    id: int
    status: str
    checked_in_at: datetime | None
    checked_out_at: datetime | None
    credited_minutes: int


class RecordRow(NamedTuple):
    """One closed attendance record with every correction, oldest first; ``team`` is the unit
    it counts for: the shift's team, else the volunteer's (None: the organisation itself)."""

    attendance: AttendanceFacts
    shift: ShiftFacts
    volunteer: Person
    team: str | None
    history: tuple[Change, ...] = ()

    @property
    def corrections(self) -> int:
        return len(self.history)

    @property
    def day(self) -> date:
        """The shift's local start date, which decides the period the record counts in."""
        return local_date(self.shift.starts_at, self.shift.tz)

    @property
    def corrected(self) -> bool:
        return self.corrections > 0


@dataclass(frozen=True)
class VolunteerRow:
    """One volunteer's totals in the period: shifts by status, credited minutes."""

    volunteer: Person
    team: str | None
    counts: dict[str, int]
    minutes: int

    @property
    def hours(self) -> Decimal:
        return hours_value(self.minutes)


@dataclass(frozen=True)
class ReportSize:
    """What decides whether there is a file to send, and how long it will take."""

    records: int
    unclosed: int


@dataclass(frozen=True)
class ReportTotals:
    """Totals per volunteer (by unit, then name) and of the period; ``unclosed`` shifts of the
    period are left out of them. ``units``: those the records count for (None: no team)."""

    period: Period
    volunteers: list[VolunteerRow]
    record_count: int
    corrected: int
    unclosed: int
    units: frozenset[str | None]

    @property
    def minutes(self) -> int:
        return sum(row.minutes for row in self.volunteers)

    @property
    def hours(self) -> Decimal:
        return hours_value(self.minutes)

    @property
    def counts(self) -> dict[str, int]:
        return {status: sum(r.counts[status] for r in self.volunteers) for status in COUNTED}


@dataclass(frozen=True)
class StreamedReport(ReportTotals):
    """The totals and the records as they come from the database (read them in the session)."""

    records: Iterator[RecordRow]


@dataclass(frozen=True)
class ServiceReport(ReportTotals):
    """The totals and every record, in shift order, then volunteer name."""

    records: list[RecordRow]


def report_size(*, session: Session, actor_id: int, period: Period, now: datetime) -> ReportSize:
    """How many closed records and begun unclosed shifts the period has, for a coordinator or
    admin."""
    require_coordinator(session=session, volunteer_id=actor_id)
    shifts = queries.in_period(session, period)
    return ReportSize(queries.record_count(session, shifts), queries.unclosed(session, shifts, now))


def streamed_report(
    *, session: Session, actor_id: int, period: Period, now: datetime
) -> StreamedReport:
    """The period's report, its records read in batches while they are consumed."""
    require_coordinator(session=session, volunteer_id=actor_id)
    shifts = queries.in_period(session, period)
    rows = queries.volunteer_totals(session, shifts)
    count = sum(int(row[5]) for row in rows)
    totals = sorted(
        (_volunteer_row(row) for row in rows),
        key=lambda r: (r.team or "", r.volunteer.display_name, r.volunteer.id),
    )
    history = queries.history(session, shifts)
    records = _records(session, shifts, history)
    unclosed, units = queries.unclosed(session, shifts, now), queries.units(session, shifts)
    return StreamedReport(period, totals, count, len(history), unclosed, units, records)


def service_report(
    *, session: Session, actor_id: int, period: Period, now: datetime
) -> ServiceReport:
    """The period's report with every record in memory (small periods, tests)."""
    report = streamed_report(session=session, actor_id=actor_id, period=period, now=now)
    return ServiceReport(
        report.period,
        report.volunteers,
        report.record_count,
        report.corrected,
        report.unclosed,
        report.units,
        list(report.records),
    )


def _volunteer_row(row: Sequence[Any]) -> VolunteerRow:
    person, team, counts, minutes = row[0:4], row[4], row[6 : 6 + len(COUNTED)], row[-1]
    return VolunteerRow(
        Person._make(person), team, dict(zip(COUNTED, counts, strict=True)), int(minutes or 0)
    )


def _records(
    session: Session, shifts: ColumnElement[bool], history: queries.History
) -> Iterator[RecordRow]:
    for row in queries.records(session, shifts):
        yield RecordRow(
            AttendanceFacts._make(row[0:5]),
            ShiftFacts._make(row[5:11]),
            Person._make(row[11:15]),
            row[15],
            history.get(row[0], ()),
        )
