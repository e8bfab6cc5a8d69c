"""Regular shifts (常态化岗位): posting a series and materialising its first horizon."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlmodel import Session

from data.errors import InvalidInput
from data.materialise import materialise
from data.models import Series, Shift
from data.policy import Policy
from data.recurrence import RepeatRule, next_dates, rule_from_rrule
from data.shifts import ShiftDraft, validate_draft
from data.volunteers import require_coordinator


@dataclass(frozen=True)
class SeriesCreated:
    """The stored series and the occurrences materialised at once (soonest first)."""

    series: Series
    occurrences: tuple[Shift, ...]


def create_series(
    *,
    session: Session,
    actor_id: int,
    draft: ShiftDraft,
    rule: RepeatRule,
    now: datetime,
    policy: Policy,
) -> SeriesCreated:
    """Post a regular shift whose first occurrence is at or after ``draft.starts_at``.

    Validates like a one-off shift, stores the template and the rule, and materialises the
    first horizon. A rule that yields no occurrence at all is refused.
    """
    actor = require_coordinator(session=session, volunteer_id=actor_id)
    draft = validate_draft(draft, now)
    tz = ZoneInfo(draft.tz)
    rule = rule_from_rrule(rule.rrule)  # only rules our grammar wrote are stored
    first_local = draft.starts_at.astimezone(tz).replace(tzinfo=None)
    if not next_dates(rule, first_start_local=first_local, tz=tz, after_utc=now, n=1):
        raise InvalidInput(field="repeat", reason="no_occurrences")
    series = Series(
        title=draft.title,
        location=draft.location,
        capacity=draft.capacity,
        first_start_local=first_local,
        duration_minutes=int((draft.ends_at - draft.starts_at).total_seconds() // 60),
        rrule=rule.rrule,
        tz=draft.tz,
        team_id=actor.team_id,
        created_by=actor.id,
        created_at=now,
    )
    session.add(series)
    session.flush()
    assert series.id is not None
    result = materialise(
        session=session, series_id=series.id, until_utc=now + policy.horizon, now=now, policy=policy
    )
    return SeriesCreated(series, result.created)
