"""Zone conversions, written once: an instant read in a zone, and a local date and time as an instant.

Instants are aware UTC everywhere else; a zone is its IANA name (``Asia/Shanghai``) or a
:class:`~zoneinfo.ZoneInfo`. A local time that does not exist or happens twice (DST) is read with
fold=0, as zoneinfo does (see :mod:`data.recurrence`).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

Zone = str | ZoneInfo


@lru_cache(maxsize=64)
def _named(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def zone_of(tz: Zone) -> ZoneInfo:
    """The zone itself, from its name or as given."""
    return tz if isinstance(tz, ZoneInfo) else _named(tz)


def in_zone(instant: datetime, tz: Zone) -> datetime:
    """``instant`` as an aware local time in ``tz`` (for its clock time and date)."""
    return instant.astimezone(zone_of(tz))


def local_date(instant: datetime, tz: Zone) -> date:
    """The calendar date of ``instant`` in ``tz``."""
    return in_zone(instant, tz).date()


def wall_time(instant: datetime, tz: Zone) -> datetime:
    """``instant`` as naive local wall time in ``tz`` (what recurrence rules and Excel count in)."""
    return in_zone(instant, tz).replace(tzinfo=None)


def from_wall(local: datetime, tz: Zone) -> datetime:
    """Naive local wall time in ``tz`` as an aware UTC instant."""
    return local.replace(tzinfo=zone_of(tz)).astimezone(UTC)


def at_local(day: date, at: time, tz: Zone) -> datetime:
    """A clock time on a local date in ``tz`` as an aware UTC instant."""
    return from_wall(datetime.combine(day, at), tz)


def day_start(day: date, tz: Zone) -> datetime:
    """The local midnight that starts ``day`` in ``tz``, as an aware UTC instant."""
    return at_local(day, time(), tz)


def day_end(instant: datetime, tz: Zone) -> datetime:
    """The local midnight (in UTC) that ends ``instant``'s day in ``tz``."""
    return day_start(local_date(instant, tz) + timedelta(days=1), tz)
