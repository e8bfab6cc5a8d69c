"""Who may do what, by role: the role sets written once, for the domain's checks and the menus."""

from __future__ import annotations

from data.models import Role, Volunteer

EVERYONE: tuple[Role, ...] = (Role.VOLUNTEER, Role.COORDINATOR, Role.ADMIN)
# Coordinators and admins post and manage shifts; only admins change roles.
STAFF_ROLES: tuple[Role, ...] = (Role.COORDINATOR, Role.ADMIN)
ADMIN_ROLES: tuple[Role, ...] = (Role.ADMIN,)


def may_coordinate(volunteer: Volunteer) -> bool:
    """Coordinators and admins may post and manage shifts."""
    return volunteer.role in STAFF_ROLES


def is_admin(volunteer: Volunteer) -> bool:
    """Admins may do everything, and make or unmake coordinators."""
    return volunteer.role in ADMIN_ROLES
