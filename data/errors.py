"""Domain refusals. Each has a stable ``code`` the bot turns into a translated sentence."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """A rule said no. ``params`` fill the translated message's placeholders."""

    code = "domain_error"

    def __init__(self, **params: Any) -> None:
        super().__init__(f"{self.code}: {params}")
        self.params = params


class NotFound(DomainError):
    code = "not_found"


class NotAllowed(DomainError):
    code = "not_allowed"


class NotRegistered(DomainError):
    code = "not_registered"


class InvalidInput(DomainError):
    """``params['field']`` names what was wrong, ``params['reason']`` how."""

    code = "invalid_input"


class ShiftCancelled(DomainError):
    code = "shift_cancelled"


class ShiftStarted(DomainError):
    code = "shift_started"


class ShiftFull(DomainError):
    code = "shift_full"


class AlreadySignedUp(DomainError):
    code = "already_signed_up"


class NotSignedUp(DomainError):
    code = "not_signed_up"


class Overlap(DomainError):
    """``params['clash']`` is the clashing :class:`~data.models.Shift`."""

    code = "overlap"


class CapacityBelowConfirmed(DomainError):
    code = "capacity_below_confirmed"
