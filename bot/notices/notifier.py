"""The scheduler's :class:`~scheduler.notifier.Notifier` on PTB: render with ``bot.notices.renderers``, send,
and sort Telegram's failures into what the dispatcher understands.

Sorting follows healthchecks' Telegram transport: blocked or chat-not-found is permanent for the
person; a migrated chat is followed once; flood control and network trouble are retried.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from sqlmodel import Session
from telegram import Bot, LinkPreviewOptions
from telegram.constants import ParseMode
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    NetworkError,
    RetryAfter,
    TelegramError,
)

from bot.i18n import pick_language, translator
from bot.notices.draft import Draft, Notice
from bot.notices.renderers import RENDERERS
from data.clock import Clock
from data.db import Store
from data.dispatch import kind_prefix
from data.models import Outbox
from data.notice_facts import NoticeFacts, NoticeReader
from scheduler.notifier import (
    ChatMoved,
    Delivery,
    Obsolete,
    RecipientGone,
    Rejected,
    RetryLater,
)

log = logging.getLogger(__name__)

# BadRequest descriptions that mean the person is gone for good, not that the message was wrong.
GONE = ("chat not found", "user is deactivated", "peer_id_invalid", "bot was kicked")
NETWORK_BACKOFF = 10.0
NO_PREVIEW = LinkPreviewOptions(is_disabled=True)
# Bot API method names are case-insensitive (the API documentation says so); spelled like this,
# do_api_request does not warn that ``send_message`` exists: the raw call is chosen on purpose.
SEND_MESSAGE = "sendmessage"


@dataclass(frozen=True)
class _Ready:
    chat_id: int
    notice: Notice | None  # None: nothing to say any more


class BotNotifier:
    """Reads the facts of claimed outbox rows in one read per batch, renders them (pure), then
    sends each with the PTB bot."""

    def __init__(
        self, bot: Bot, store: Store, default_language: str, clock: Clock | None = None
    ) -> None:
        self.bot, self.store, self.default_language = bot, store, default_language
        self.clock = clock
        self._ready: dict[int, _Ready | Exception] = {}

    async def prepare(self, items: Sequence[Outbox]) -> None:
        if items:
            self._ready.update(await self._render_all(list(items)))

    async def deliver(self, item: Outbox) -> Delivery:
        assert item.id is not None
        ready = self._ready.pop(item.id, None)
        if ready is None:
            ready = (await self._render_all([item]))[item.id]
        if isinstance(ready, Exception):
            raise Rejected(f"could not render {item.kind}: {ready!r}") from ready
        if ready.notice is None:
            raise Obsolete(f"{item.kind}: nothing to say any more")
        return await self._send(ready.chat_id, ready.notice)

    async def _render_all(self, items: list[Outbox]) -> dict[int, _Ready | Exception]:
        facts = await self.store.read(_read_facts, items=items)
        memo: dict[object, object] = {}
        return {
            item_id: found if isinstance(found, Exception) else self._render_safely(found, memo)
            for item_id, found in facts.items()
        }

    def _render_safely(self, facts: NoticeFacts, memo: dict[object, object]) -> _Ready | Exception:
        try:
            return self._render(facts, memo)
        except Exception as exc:  # one broken renderer must not hold back the batch
            log.exception("rendering outbox row %s (%s) failed", facts.item.id, facts.item.kind)
            return exc

    def _render(self, facts: NoticeFacts, memo: dict[object, object]) -> _Ready:
        item, person = facts.item, facts.recipient
        if person is None:
            raise LookupError(f"recipient {item.recipient_id} does not exist")
        renderer = RENDERERS.get(kind_prefix(item.kind))
        if renderer is None:
            raise LookupError(f"no renderer for outbox kind {item.kind!r}")
        language = pick_language(person.language, None, self.default_language)
        sending_at = self.clock.now() if self.clock else None
        draft = Draft(facts, person, language, translator(language), memo, sending_at)
        return _Ready(person.chat_id, renderer(draft))

    async def _send(self, chat_id: int, notice: Notice) -> Delivery:
        params: dict[str, object] = {
            "chat_id": chat_id,
            "text": notice.text,
            "parse_mode": ParseMode.HTML,
            "link_preview_options": NO_PREVIEW,
        }
        if notice.markup is not None:
            params["reply_markup"] = notice.markup
        try:
            # The raw call: building a Message from each answer (``send_message``) costs more
            # CPU than the rest of the send, and the dispatcher only needs the message id.
            sent = await self.bot.do_api_request(SEND_MESSAGE, api_kwargs=params)
        except RetryAfter as exc:
            raise RetryLater(str(exc), _seconds(exc.retry_after)) from exc
        except ChatMigrated as exc:
            raise ChatMoved(str(exc), exc.new_chat_id) from exc
        except Forbidden as exc:
            raise RecipientGone(str(exc)) from exc
        except BadRequest as exc:  # before NetworkError: PTB's BadRequest is a NetworkError
            if any(marker in str(exc).lower() for marker in GONE):
                raise RecipientGone(str(exc)) from exc
            raise Rejected(str(exc)) from exc
        except NetworkError as exc:  # TimedOut included: the message may or may not have arrived
            raise RetryLater(str(exc), NETWORK_BACKOFF) from exc
        except TelegramError as exc:
            raise RetryLater(str(exc), NETWORK_BACKOFF) from exc
        return Delivery(sent.get("message_id") if isinstance(sent, dict) else None)


def _read_facts(*, session: Session, items: list[Outbox]) -> dict[int, NoticeFacts | Exception]:
    """Each row's facts, or what went wrong reading them (one bad row spares the others)."""
    reader = NoticeReader(session)
    out: dict[int, NoticeFacts | Exception] = {}
    for item in items:
        assert item.id is not None
        try:
            out[item.id] = reader.facts(item)
        except Exception as exc:
            log.exception("reading outbox row %s (%s) failed", item.id, item.kind)
            out[item.id] = exc
    return out


def _seconds(value: int | timedelta) -> float:
    return value.total_seconds() if isinstance(value, timedelta) else float(value)
