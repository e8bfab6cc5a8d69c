"""Volunteers: registration, profile, language, roles."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import func, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from data import outbox
from data.errors import InvalidInput, NotAllowed, NotFound
from data.models import Role, Shift, ShiftStatus, Signup, SignupStatus, Volunteer
from data.policy import Policy
from data.roles import STAFF_ROLES, may_coordinate

MAX_NAME = 64
LANGUAGES = ("zh", "en")


def touch_volunteer(
    *,
    session: Session,
    telegram_id: int,
    chat_id: int,
    username: str | None,
    full_name: str,
    now: datetime,
    admin_ids: Iterable[int] = (),
    present: bool = False,
    policy: Policy | None = None,
) -> Volunteer:
    """Find the volunteer for a Telegram user, creating an unregistered one on first contact.

    Keeps the username and chat id current, and applies ``SHIFTBOT_ADMINS``. ``present``: the
    user wrote or pressed in their private chat, so they have not blocked the bot (any more).
    """
    volunteer = session.exec(select(Volunteer).where(Volunteer.telegram_id == telegram_id)).first()
    created = volunteer is None
    if volunteer is None:
        volunteer = _first_contact(session, telegram_id, chat_id, username, full_name, now)
    renamed = created or (volunteer.username or "").lower() != (username or "").lower()
    volunteer.chat_id = chat_id
    volunteer.username = username
    if telegram_id in set(admin_ids):
        volunteer.role = Role.ADMIN
    session.add(volunteer)
    session.flush()
    if renamed and username:
        _release_username(session, username, volunteer)
    if present and not volunteer.reachable:
        _reachable_again(session, volunteer, now, policy)
    return volunteer


def _first_contact(
    session: Session,
    telegram_id: int,
    chat_id: int,
    username: str | None,
    full_name: str,
    now: datetime,
) -> Volunteer:
    """Create the row for a new user; if another process created it a moment ago, use theirs.

    Two webhook processes can get a new user's first two updates at once; the unique telegram id
    lets one insert win and the other read the winner's row instead of failing the update.
    """
    volunteer = Volunteer(
        telegram_id=telegram_id,
        chat_id=chat_id,
        username=username,
        display_name=_clip_name(full_name),
        created_at=now,
    )
    try:
        with session.begin_nested():
            session.add(volunteer)
            session.flush()
        return volunteer
    except IntegrityError:
        found = session.exec(select(Volunteer).where(Volunteer.telegram_id == telegram_id)).one()
        return found


def _release_username(session: Session, username: str, holder: Volunteer) -> None:
    # Telegram usernames are unique (case-insensitively) at any moment: an older row still
    # carrying this one belongs to someone who has since changed it, and /promote @name must not
    # find them.
    session.execute(
        update(Volunteer)
        .where(func.lower(col(Volunteer.username)) == username.lower())
        .where(col(Volunteer.id) != holder.id)
        .values(username=None)
        .execution_options(synchronize_session="fetch")
    )


def _reachable_again(
    session: Session, volunteer: Volunteer, now: datetime, policy: Policy | None
) -> None:
    """They unblocked the bot: reachable, and the reminders skipped while blocked owed again."""
    volunteer.reachable = True
    session.add(volunteer)
    if policy is None:
        return
    seats = session.exec(
        select(Shift)
        .join(Signup, col(Signup.shift_id) == col(Shift.id))
        .where(
            Signup.volunteer_id == volunteer.id,
            Signup.status == SignupStatus.CONFIRMED,
            Shift.status == ShiftStatus.OPEN,
            col(Shift.starts_at) > now,
        )
    ).all()
    assert volunteer.id is not None
    for shift in seats:
        outbox.plan_for_seat(
            session=session, shift=shift, volunteer_id=volunteer.id, now=now, policy=policy
        )
    session.flush()


def _clip_name(name: str) -> str:
    name = " ".join(name.split())
    return name[:MAX_NAME] or "?"


def get_volunteer(*, session: Session, volunteer_id: int) -> Volunteer:
    volunteer = session.get(Volunteer, volunteer_id)
    if volunteer is None:
        raise NotFound(what="volunteer", ref=volunteer_id)
    return volunteer


def set_language(*, session: Session, volunteer_id: int, language: str) -> Volunteer:
    if language not in LANGUAGES:
        raise InvalidInput(field="language", reason="unknown")
    volunteer = get_volunteer(session=session, volunteer_id=volunteer_id)
    volunteer.language = language
    session.add(volunteer)
    return volunteer


def set_display_name(*, session: Session, volunteer_id: int, name: str) -> Volunteer:
    """Store the name volunteers are listed by: 1–64 characters, white space folded."""
    name = " ".join(name.split())
    if not name:
        raise InvalidInput(field="name", reason="empty")
    if len(name) > MAX_NAME:
        raise InvalidInput(field="name", reason="too_long", limit=MAX_NAME)
    volunteer = get_volunteer(session=session, volunteer_id=volunteer_id)
    volunteer.display_name = name
    session.add(volunteer)
    return volunteer


def set_phone(*, session: Session, volunteer_id: int, phone: str | None) -> Volunteer:
    volunteer = get_volunteer(session=session, volunteer_id=volunteer_id)
    volunteer.phone = phone[:32] if phone else None
    session.add(volunteer)
    return volunteer


def finish_registration(*, session: Session, volunteer_id: int) -> Volunteer:
    volunteer = get_volunteer(session=session, volunteer_id=volunteer_id)
    volunteer.registered = True
    session.add(volunteer)
    return volunteer


def remember_start_code(*, session: Session, volunteer_id: int, code: str) -> Volunteer:
    """Keep a deep-link payload (t.me/<bot>?start=<code>) for team invites."""
    volunteer = get_volunteer(session=session, volunteer_id=volunteer_id)
    volunteer.start_code = code[:64]
    session.add(volunteer)
    return volunteer


def set_reminders(*, session: Session, volunteer_id: int, on: bool) -> Volunteer:
    volunteer = get_volunteer(session=session, volunteer_id=volunteer_id)
    volunteer.reminders_on = on
    session.add(volunteer)
    return volunteer


def require_coordinator(*, session: Session, volunteer_id: int) -> Volunteer:
    """The acting volunteer, if their stored role lets them manage shifts."""
    volunteer = get_volunteer(session=session, volunteer_id=volunteer_id)
    if not may_coordinate(volunteer):
        raise NotAllowed(action="coordinator")
    return volunteer


def find_volunteer(*, session: Session, ref: str) -> Volunteer:
    """Look a volunteer up by Telegram id (digits) or ``@username``."""
    ref = ref.strip()
    if ref.lstrip("-").isdigit():
        if abs(int(ref)) >= 2**63:  # no Telegram id is this long (nor fits the column)
            raise NotFound(what="volunteer", ref=ref)
        query = select(Volunteer).where(Volunteer.telegram_id == int(ref))
    elif ref.startswith("@") and len(ref) > 1:
        query = select(Volunteer).where(col(Volunteer.username).ilike(ref[1:]))
    else:
        raise InvalidInput(field="volunteer_ref", reason="format")
    volunteer = session.exec(query).first()
    if volunteer is None:
        raise NotFound(what="volunteer", ref=ref)
    return volunteer


def add_admin(*, session: Session, telegram_id: int, now: datetime) -> Volunteer:
    """Make a Telegram user an admin, even before their first message (``shiftbot admin add``)."""
    volunteer = session.exec(select(Volunteer).where(Volunteer.telegram_id == telegram_id)).first()
    if volunteer is None:
        # Private chat ids equal user ids, so the row is usable before the user writes.
        volunteer = Volunteer(
            telegram_id=telegram_id, chat_id=telegram_id, display_name="?", created_at=now
        )
    volunteer.role = Role.ADMIN
    session.add(volunteer)
    session.flush()
    return volunteer


def coordinators(*, session: Session) -> list[Volunteer]:
    """Everyone who manages shifts (for digests and notices)."""
    query = select(Volunteer).where(col(Volunteer.role).in_(STAFF_ROLES))
    return list(session.exec(query))
