"""Refusals about a button itself: data we did not write, a step or confirmation that is over."""

from __future__ import annotations

from bot.i18n import N_
from bot.refusals.wording import Entry, Key
from data.errors import DomainError, InvalidInput


class StaleButton(InvalidInput):
    """Callback data we did not write: forged, damaged, from another version, or no longer ours."""

    def __init__(self, data: object) -> None:
        super().__init__(field="button", reason="stale", data=str(data))


class StepOver(DomainError):
    """A press for an edit no longer in progress; ``command`` starts a new one."""

    code = "step_over"


class LateButton(DomainError):
    """A button of a dialogue step that is over; the newest message holds the current one."""

    code = "late_button"


class ConfirmationExpired(DomainError):
    """The change a confirmation button was for is no longer waiting; ``command`` ``id`` again.

    ``action`` names what was waiting (a :class:`bot.pending.Pending`'s name)."""

    code = "confirmation_expired"


WORDS: dict[Key, Entry] = {
    ("invalid_input", "button", "stale"): N_(
        "This button is no longer valid. Send /help to start again."
    ),
    ("step_over",): N_("That step is over. Send /{command} to start again."),
    ("late_button",): N_(
        "That step is over: answer my newest message, or send /{command} to start again."
    ),
    ("confirmation_expired",): N_("This confirmation has expired. Send /{command} {id} again."),
    # A one-off shift's cancellation has had its own (Chinese) wording from the start.
    ("confirmation_expired", "cancelshift"): N_(
        "This confirmation has expired. Send /cancelshift {id} again."
    ),
}
