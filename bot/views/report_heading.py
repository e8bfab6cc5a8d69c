"""The title rows and file name of the service-hours workbook, as an office files it.

The title names the organisation, the unit, the period and when the file was made (local
time); the file name is Chinese for a Chinese reader (``志愿服务时长-2026年12月.xlsx``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.i18n import N_, Gettext
from data.localtime import wall_time
from data.report_period import Period, month_of, year_of
from data.reports import ReportTotals

DEFAULT_ORGANISATION = N_("Volunteer service team")
ALL_UNITS = N_("All teams")


@dataclass(frozen=True)
class Heading:
    """What the title rows say; texts already in the reader's language."""

    organisation: str
    unit: str
    period: str
    generated: str

    def title(self, _: Gettext) -> str:
        return _("{organisation} · Service hours").format(organisation=self.organisation)

    def details(self, _: Gettext) -> list[str]:
        return [
            _("Unit: {unit}").format(unit=self.unit),
            _("Period: {period}").format(period=self.period),
            _("Generated: {when}").format(when=self.generated),
        ]


def heading_for(
    report: ReportTotals,
    *,
    organisation: str | None,
    period: str,
    now: datetime,
    tz: str,
    _: Gettext,
) -> Heading:
    """The unit is the one team every record counts for; records of no team count for the
    organisation itself; records of several, for all teams."""
    name = organisation or _(DEFAULT_ORGANISATION)
    units = {unit or name for unit in report.units}
    unit = next(iter(units)) if len(units) == 1 else _(ALL_UNITS)
    return Heading(name, unit, period, f"{wall_time(now, tz):%Y-%m-%d %H:%M}")


def file_name(period: Period, language: str) -> str:
    """``志愿服务时长-2026年12月.xlsx`` / ``service-hours-2026-12.xlsx``; a year and a range
    likewise (``志愿服务时长-2026年12月1日至2026年12月15日.xlsx``)."""
    if language != "zh":
        return f"service-hours-{period.label}.xlsx"
    first, last = period.first, period.last
    if period == month_of(first):
        label = f"{first.year}年{first.month}月"
    elif period == year_of(first):
        label = f"{first.year}年"
    else:
        label = (
            f"{first.year}年{first.month}月{first.day}日至{last.year}年{last.month}月{last.day}日"
        )
    return f"志愿服务时长-{label}.xlsx"
