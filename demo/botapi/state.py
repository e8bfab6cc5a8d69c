"""What the fake Telegram remembers: users, chats, messages, updates, calls."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from demo.botapi.errors import BLOCKED, CHAT_NOT_FOUND, ApiError, bad_request
from demo.botapi.limits import RateLimiter, RateLimits


@dataclass
class FakeUser:
    """A Telegram user of the fake."""

    id: int
    first_name: str
    last_name: str | None = None
    username: str | None = None
    language_code: str | None = "zh-hans"

    def to_dict(self) -> dict[str, Any]:
        """The User object Telegram sends."""
        user: dict[str, Any] = {"id": self.id, "is_bot": False, "first_name": self.first_name}
        for key in ("last_name", "username", "language_code"):
            if getattr(self, key) is not None:
                user[key] = getattr(self, key)
        return user


@dataclass
class SentMessage:
    """One message in a chat, from the bot or from a user, as it is now."""

    message_id: int
    chat_id: int
    from_bot: bool
    date: int
    text: str = ""
    html: str | None = None
    entities: list[dict[str, Any]] = field(default_factory=list)
    reply_markup: dict[str, Any] | None = None
    edited: bool = False
    deleted: bool = False
    document: dict[str, Any] | None = None
    photo: dict[str, Any] | None = None
    location: dict[str, float] | None = None
    contact: dict[str, Any] | None = None
    caption: str | None = None
    sender_id: int | None = None  # the user who sent it, None for the bot

    def serialise(self) -> dict[str, Any]:
        """A JSON-friendly view for a live UI (file bytes left out)."""
        out = {k: v for k, v in self.__dict__.items() if k not in ("document", "photo")}
        for key in ("document", "photo"):
            media = getattr(self, key)
            out[key] = None if media is None else {k: v for k, v in media.items() if k != "bytes"}
        return out


@dataclass
class ChatLog:
    """A chat and every message in it, in order."""

    chat: dict[str, Any]  # the Chat object Telegram sends
    messages: list[SentMessage] = field(default_factory=list)
    blocked: bool = False
    next_id: int = 1

    @property
    def id(self) -> int:
        return int(self.chat["id"])

    @property
    def is_private(self) -> bool:
        return bool(self.chat["type"] == "private")

    def bot_messages(self) -> list[SentMessage]:
        """Messages the bot sent (deleted ones included, marked)."""
        return [m for m in self.messages if m.from_bot]

    def last_bot_message(self) -> SentMessage:
        """The newest message from the bot that still exists."""
        for message in reversed(self.messages):
            if message.from_bot and not message.deleted:
                return message
        raise LookupError(f"the bot has sent nothing to chat {self.id}")

    def find(self, message_id: int) -> SentMessage | None:
        """The message with this id, unless it was deleted."""
        for message in self.messages:
            if message.message_id == message_id and not message.deleted:
                return message
        return None


@dataclass
class RequestRecord:
    """One Bot API call and how it was answered."""

    method: str
    params: dict[str, Any]
    status: int
    t: float
    chat_id: int | str | None = None
    description: str | None = None


@dataclass
class CallbackRecord:
    """A callback query the bot owes an answer."""

    created: float
    chat_id: int
    answered: bool = False


class BotState:
    """The fake's memory and the bookkeeping shared by its methods."""

    def __init__(
        self,
        *,
        token: str,
        bot_username: str,
        limits: RateLimits | None,
        clock: Callable[[], float],
    ) -> None:
        self.token = token
        self.bot_username = bot_username
        self.clock = clock
        self.limiter = RateLimiter(limits, clock) if limits is not None else None
        self.users: dict[int, FakeUser] = {}
        self.chats: dict[int, ChatLog] = {}
        self.requests: list[RequestRecord] = []
        self.callback_answers: list[dict[str, Any]] = []
        self.commands: dict[tuple[str, str], list[dict[str, Any]]] = {}
        self.callback_queries: dict[str, CallbackRecord] = {}
        self.files: dict[str, dict[str, Any]] = {}
        self.webhook: dict[str, Any] = {}
        self.updates: deque[dict[str, Any]] = deque()
        self._next_update_id = 100_000
        self._next_serial = 1
        self._subscribers: list[asyncio.Queue[dict[str, Any]]] = []
        self._changed = asyncio.Event()

    @property
    def bot_id(self) -> int:
        return int(self.token.split(":", 1)[0])

    def bot_user(self) -> dict[str, Any]:
        """The bot's own User object (``from`` of its messages)."""
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": "ShiftBot Demo",
            "username": self.bot_username,
        }

    def now_date(self) -> int:
        """Message dates are Unix time, as Telegram's are."""
        return int(time.time())

    def serial(self) -> str:
        """A fresh unique string for ids (callback queries, files)."""
        self._next_serial += 1
        return f"{self.bot_id}{self._next_serial:08d}"

    def notify(self) -> None:
        """Wake everyone waiting for a change (long polls, wait_for)."""
        self._changed.set()
        self._changed = asyncio.Event()

    async def changed(self, within: float) -> None:
        """Wait until the next change, at most ``within`` seconds."""
        event = self._changed
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(event.wait(), within)

    def publish(self, kind: str, message: SentMessage | None = None, **extra: Any) -> None:
        """Tell subscribed UIs about a chat event."""
        event: dict[str, Any] = {"type": kind, **extra}
        if message is not None:
            event["chat_id"] = message.chat_id
            event["message"] = message.serialise()
        for queue in self._subscribers:
            queue.put_nowait(event)

    def subscribe(self) -> asyncio.Queue[dict[str, Any]]:
        """A queue of chat events: message, edit, delete, callback_answer."""
        queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self._subscribers.append(queue)
        return queue

    def enqueue_update(self, payload: dict[str, Any]) -> dict[str, Any]:
        """Give ``payload`` an update_id and queue it for the bot."""
        self._next_update_id += 1
        update = {"update_id": self._next_update_id, **payload}
        self.updates.append(update)
        self.notify()
        return update

    def chat_for_send(self, chat_id: int | str) -> ChatLog:
        """The target chat of a bot call; 400 if unknown, 403 if the user blocked the bot."""
        log = self.lookup_chat(chat_id)
        if log is None:
            raise bad_request(CHAT_NOT_FOUND)
        if log.blocked:
            raise ApiError(403, BLOCKED)
        return log

    def lookup_chat(self, chat_id: int | str) -> ChatLog | None:
        """A chat by id or @username."""
        if isinstance(chat_id, int):
            return self.chats.get(chat_id)
        name = chat_id.removeprefix("@").lower()
        for user in self.users.values():
            if user.username and user.username.lower() == name:
                return self.chats.get(user.id)
        return None

    def add_message(self, log: ChatLog, message: SentMessage) -> SentMessage:
        """Append ``message`` to its chat and tell subscribers."""
        log.messages.append(message)
        self.publish("message", message)
        self.notify()
        return message

    def new_message(self, log: ChatLog, *, from_bot: bool, **fields: Any) -> SentMessage:
        """A message with the chat's next id and the current date, appended."""
        message = SentMessage(
            message_id=log.next_id,
            chat_id=log.id,
            from_bot=from_bot,
            date=self.now_date(),
            **fields,
        )
        log.next_id += 1
        return self.add_message(log, message)
