"""How the scheduler sends without knowing Telegram: a protocol ``bot/`` implements with PTB."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from data.models import Outbox


class DeliveryError(Exception):
    """Base of the send failures the dispatcher sorts."""


class RecipientGone(DeliveryError):
    """Permanent for this person: they blocked the bot, or the chat no longer exists."""


class Obsolete(DeliveryError):
    """There is nothing to say any more (the thing the message was about is gone): skip it."""


class Rejected(DeliveryError):
    """Telegram refused this message (a BadRequest); retrying the same message will not help."""


class ChatMoved(DeliveryError):
    """The chat became a supergroup with a new id: store ``chat_id`` and send again, once."""

    def __init__(self, message: str, chat_id: int) -> None:
        super().__init__(message)
        self.chat_id = chat_id


class RetryLater(DeliveryError):
    """Flood control or a network failure: try again after ``retry_after`` seconds."""

    def __init__(self, message: str, retry_after: float) -> None:
        super().__init__(message)
        self.retry_after = retry_after


@dataclass(frozen=True)
class Delivery:
    """The outcome of a send the dispatcher should know about."""

    message_id: int | None = None


class Notifier(Protocol):
    """Renders one outbox row in its recipient's language and sends it."""

    async def prepare(self, items: Sequence[Outbox]) -> None:
        """Get ready to send a claimed batch (render it in one read); called once per batch."""
        ...

    async def deliver(self, item: Outbox) -> Delivery: ...
