"""Which renderer says each owed message: one table from outbox kind (its prefix: ``reminder`` for
``reminder:24h``) to the function that words it. A new kind of message gets its line here."""

from __future__ import annotations

from bot.notices import attendance, series, shifts
from bot.notices.draft import Renderer
from data import outbox
from data.attendance_close import ATTENDANCE_SUMMARY
from data.digest import DIGEST
from data.reminders import DROPOUT
from data.series_base import (
    SERIES_CANCELLED,
    SERIES_CHANGED,
    SERIES_SKIPPED,
    STANDING_CLASH,
    STANDING_WAITLISTED,
)
from data.unreachable import UNREACHABLE

RENDERERS: dict[str, Renderer] = {
    # About one shift
    outbox.REMINDER: shifts.render_reminder,
    outbox.PROMOTED: shifts.render_promoted,
    outbox.SHIFT_CHANGED: shifts.render_shift_changed,
    outbox.SHIFT_CANCELLED: shifts.render_shift_cancelled,
    UNREACHABLE: shifts.render_unreachable,
    DROPOUT: shifts.render_dropout,
    # Attendance
    outbox.CHECKIN: attendance.render_checkin,
    ATTENDANCE_SUMMARY: attendance.render_attendance_summary,
    DIGEST: attendance.render_digest,
    # Regular shifts
    SERIES_CHANGED: series.render_series_changed,
    SERIES_CANCELLED: series.render_series_cancelled,
    SERIES_SKIPPED: series.render_series_skipped,
    STANDING_WAITLISTED: series.render_standing_waitlisted,
    STANDING_CLASH: series.render_standing_clash,
}
