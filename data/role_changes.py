"""An admin makes a registered volunteer a coordinator, or a coordinator a volunteer again."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from data.errors import InvalidInput, NotAllowed, NotFound
from data.models import Role, Volunteer
from data.roles import is_admin
from data.volunteers import get_volunteer


@dataclass(frozen=True)
class RoleChange:
    """The target as changed, and the role they had before (the same one: nothing to do)."""

    volunteer: Volunteer
    was: Role

    @property
    def changed(self) -> bool:
        return self.volunteer.role != self.was


def change_role(*, session: Session, actor_id: int, target_id: int, role: Role) -> RoleChange:
    """Give a registered, non-admin volunteer ``role``; only an admin may.

    Every check is made here, at the change: a button offered minutes ago may name someone who
    has since become an admin, or be pressed by someone who is no longer one.
    """
    actor = get_volunteer(session=session, volunteer_id=actor_id)
    if not is_admin(actor):
        raise NotAllowed(action="admin")
    target = get_volunteer(session=session, volunteer_id=target_id)
    if not target.registered:
        ref = f"@{target.username}" if target.username else str(target.telegram_id)
        raise NotFound(what="volunteer", ref=ref)
    if is_admin(target):
        raise InvalidInput(field="role", reason="target_is_admin")
    was = target.role
    target.role = role
    session.add(target)
    return RoleChange(target, was)
