"""Regular shifts (常态化岗位): posting a series and materialising its first horizon."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from data.errors import InvalidInput
from data.materialise import materialise
from data.models import Series, Shift
from data.policy import Policy
from data.recurrence import RepeatRule, rule_from_rrule
from data.series_plan import SeriesPlan
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
    plan = series_plan(rule, draft.starts_at, draft.tz)
    if not plan.next_starts(now, 1):
        raise InvalidInput(field="repeat", reason="no_occurrences")
    series = Series(
        title=draft.title,
        location=draft.location,
        capacity=draft.capacity,
        first_start_local=plan.first_start_local,
        duration_minutes=int((draft.ends_at - draft.starts_at).total_seconds() // 60),
        rrule=plan.rule.rrule,
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


def series_plan(rule: RepeatRule, starts_at: datetime, tz: str) -> SeriesPlan:
    """The dates of a series first starting at or after ``starts_at`` in ``tz``; only rules our
    grammar wrote are stored, so the rule is read back from its RRULE text."""
    return SeriesPlan.starting(rule_from_rrule(rule.rrule), starts_at, tz)


def preview_starts(
    rule: RepeatRule, *, starts_at: datetime, tz: str, now: datetime, policy: Policy
) -> list[datetime]:
    """The starts :func:`create_series` would post at ``now`` (soonest first), for a preview."""
    return series_plan(rule, starts_at, tz).posted_at(now, policy)
