"""Finding registered volunteers by the name coordinators see, for an admin who has no username.

A name is matched anywhere in it (``李`` finds 李雷 and 张李), Latin letters regardless of case;
what the user typed is matched literally (``%`` and ``_`` are not wildcards). Admins are never
found: their role cannot be changed, so offering them would only lead to a refusal.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import Session, col, select

from data.errors import InvalidInput
from data.models import Role, Team, Volunteer
from data.volunteers import MAX_NAME

LIMIT = 10
PHONE_TAIL = 4


@dataclass(frozen=True)
class Candidate:
    """One volunteer a name search found, with what tells them apart from a namesake."""

    volunteer_id: int
    name: str
    role: Role
    username: str | None
    phone_tail: str | None
    team: str | None


@dataclass(frozen=True)
class NameMatches:
    """The first ``LIMIT`` candidates (shortest names first) and whether there are more."""

    text: str
    candidates: tuple[Candidate, ...]
    more: bool


def find_by_name(*, session: Session, text: str, limit: int = LIMIT) -> NameMatches:
    """Registered non-admin volunteers whose display name contains ``text``."""
    text = " ".join(text.split())
    if not text:
        raise InvalidInput(field="name_search", reason="empty")
    if len(text) > MAX_NAME:
        raise InvalidInput(field="name_search", reason="too_long", limit=MAX_NAME)
    rows = session.exec(
        select(Volunteer, Team.name)
        .outerjoin(Team, col(Team.id) == col(Volunteer.team_id))
        .where(
            col(Volunteer.registered).is_(True),
            col(Volunteer.role) != Role.ADMIN,
            col(Volunteer.display_name).icontains(text, autoescape=True),
        )
        # An exact name first, then the closest (shortest) names, then the oldest account.
        .order_by(
            (func.lower(col(Volunteer.display_name)) != text.lower()),
            func.length(col(Volunteer.display_name)),
            col(Volunteer.display_name),
            col(Volunteer.id),
        )
        .limit(limit + 1)
    ).all()
    candidates = tuple(_candidate(volunteer, team) for volunteer, team in rows[:limit])
    return NameMatches(text, candidates, more=len(rows) > limit)


def _candidate(volunteer: Volunteer, team: str | None) -> Candidate:
    assert volunteer.id is not None
    digits = "".join(c for c in volunteer.phone or "" if c.isdigit())
    return Candidate(
        volunteer_id=volunteer.id,
        name=volunteer.display_name,
        role=volunteer.role,
        username=volunteer.username,
        phone_tail=digits[-PHONE_TAIL:] if len(digits) >= PHONE_TAIL else None,
        team=team,
    )
