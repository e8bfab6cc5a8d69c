"""Who an update comes from, read without a write when nothing about them changed.

Every update starts by finding its volunteer. ``touch_volunteer`` (data/volunteers.py) keeps the
row current, and on SQLite a write transaction takes the database's one write lock: for the
common case, a known volunteer whose chat, username, admin role and reachability are as stored,
this reads the row instead, so updates from many people do not queue behind each other.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlmodel import Session, select

from data.models import Role, Volunteer


def volunteer_as_is(
    *,
    session: Session,
    telegram_id: int,
    chat_id: int,
    username: str | None,
    admin_ids: Iterable[int],
    present: bool,
) -> Volunteer | None:
    """The volunteer if ``touch_volunteer`` would change nothing about them; else None."""
    volunteer = session.exec(select(Volunteer).where(Volunteer.telegram_id == telegram_id)).first()
    if volunteer is None or volunteer.chat_id != chat_id or volunteer.username != username:
        return None
    if telegram_id in set(admin_ids) and volunteer.role != Role.ADMIN:
        return None
    if present and not volunteer.reachable:
        return None
    return volunteer
