"""Drive the real bot over PTB's HTTP stack against the fake Bot API, as people would.

``Harness`` owns one fake Telegram, one Application and one database; ``Person`` is a user of it
who sends text, presses buttons by their label and reads what the bot showed them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from telegram import Update

from bot.app import build_application, build_services
from bot.services import Services
from bot.types import App
from data.clock import ManualClock
from data.config import Settings
from data.db import Store
from data.models import Role, Shift, Volunteer
from data.signups import sign_up
from demo.botapi import FakeBotAPI, SentMessage
from tests import domain_setup
from tests.personas import ADMIN, Persona, registered

# Telegram refuses a text longer than this, and so does the fake.
TEXT_LIMIT = 4096
APOLOGIES = ("抱歉，出了点问题", "Sorry, something went wrong")


@dataclass
class Harness:
    api: FakeBotAPI
    app: App
    services: Services
    clock: ManualClock
    people: dict[int, Person] = field(default_factory=dict)

    @property
    def store(self) -> Store:
        return self.services.store

    def person(self, persona: Persona) -> Person:
        """The fake-Telegram user for ``persona`` (created on first use)."""
        if persona.telegram_id not in self.people:
            self.api.add_user(
                persona.telegram_id,
                persona.first_name,
                last_name=persona.last_name,
                username=persona.username,
                language_code=persona.language_code,
            )
            self.people[persona.telegram_id] = Person(self, persona)
        return self.people[persona.telegram_id]

    async def deliver(self) -> None:
        """Feed every queued update to the bot, in order, and wait for each to be handled."""
        while (raw := self.api.next_update()) is not None:
            await self.app.process_update(Update.de_json(raw, self.app.bot))

    async def dispatch(self) -> int:
        """Send every outbox message due at the clock's now, as the scheduler's dispatch job would
        (without pacing: the fake enforces no limits here); returns how many were sent."""
        from bot.scheduling import make_dispatcher

        return await make_dispatcher(self.app, paced=False).drain()

    def given_shift(
        self,
        *,
        by: Persona = ADMIN,
        title: str = "文明交通劝导",
        location: str = "民主路口",
        capacity: int = 5,
        starts_in: timedelta = timedelta(days=4),
    ) -> int:
        """Set-up through the domain: ``by`` (the admin, or else a coordinator) posts a two-hour
        shift; its number.

        The harness clock reads Tuesday 2026-12-01 09:00, so the default is Saturday the 5th.
        """
        poster = self.given_registered(by, role=Role.ADMIN if by is ADMIN else Role.COORDINATOR)
        assert poster.id is not None
        with self.store.session() as session:
            shift = domain_setup.shift(
                session,
                poster.id,
                self.clock.now(),
                starts_in=starts_in,
                title=title,
                location=location,
                capacity=capacity,
            )
            assert shift.id is not None
            return shift.id

    def given_signed_up(self, persona: Persona, shift_id: int) -> int:
        """Set-up through the domain: registered ``persona`` takes a seat (or the waitlist when
        the shift is full); their volunteer id."""
        volunteer_id = self.given_registered(persona).id
        self.store.call(
            sign_up,
            volunteer_id=volunteer_id,
            shift_id=shift_id,
            now=self.clock.now(),
            policy=self.services.policy,
            waitlist_ok=True,
        )
        assert volunteer_id is not None
        return volunteer_id

    def shift(self, shift_id: int) -> Shift:
        """The shift as stored now."""
        with self.store.session(write=False) as session:
            found = session.get(Shift, shift_id)
            assert found is not None
            return found

    def given_registered(
        self, persona: Persona, *, language: str | None = None, role: Role = Role.VOLUNTEER
    ) -> Volunteer:
        """``personas.registered`` on this bot's database, clock and admins; the fake Telegram
        knows the user too, so what the bot sends them arrives."""
        self.person(persona)
        volunteer: Volunteer = self.store.call(
            registered,
            persona=persona,
            now=self.clock.now(),
            role=role,
            language=language,
            admins=self.services.settings.admins,
        )
        return volunteer


@dataclass
class Person:
    harness: Harness
    persona: Persona

    @property
    def id(self) -> int:
        return self.persona.telegram_id

    async def send(self, text: str, *, chat_id: int | None = None) -> SentMessage:
        """Type ``text`` in the private chat (or ``chat_id``); returns the bot's newest message there."""
        self.harness.api.user_sends(self.id, text, chat_id=chat_id)
        await self.harness.deliver()
        return self.harness.api.chat(chat_id or self.id).last_bot_message()

    async def share_contact(self, phone: str, *, owner: Persona | None = None) -> SentMessage:
        """Share their own number, or ``owner``'s contact card."""
        owner_id = owner.telegram_id if owner else None
        self.harness.api.user_shares_contact(self.id, phone, owner_id=owner_id)
        await self.harness.deliver()
        return self.last()

    async def share_location(self, latitude: float, longitude: float) -> SentMessage:
        self.harness.api.user_shares_location(self.id, latitude, longitude)
        await self.harness.deliver()
        return self.last()

    async def press(self, label: str, message: SentMessage | None = None) -> SentMessage:
        """Press the inline button whose text contains ``label`` on ``message`` (default: the
        newest bot message that has one); returns that message as it is afterwards."""
        message = message or self.message_with_button(label)
        data = self.harness.api.find_button(message, label)
        self.harness.api.user_presses(self.id, message.message_id, data)
        await self.harness.deliver()
        found = self.harness.api.chat(self.id).find(message.message_id)
        return found or message

    async def press_data(self, data: str, message: SentMessage | None = None) -> None:
        """Press a button with arbitrary (possibly forged) callback data."""
        message = message or self.last()
        self.harness.api.user_presses(self.id, message.message_id, data, forge=True)
        await self.harness.deliver()

    def message_with_button(self, label: str) -> SentMessage:
        for message in reversed(self.harness.api.chat(self.id).messages):
            labels = button_labels(message)
            if message.from_bot and not message.deleted and any(label in b for b in labels):
                return message
        raise LookupError(f"no message offers a button {label!r}; last: {self.last().text!r}")

    def last(self) -> SentMessage:
        return self.harness.api.chat(self.id).last_bot_message()

    def texts(self) -> list[str]:
        """Every message the bot sent this person, oldest first, as they read it now."""
        return [m.text for m in self.harness.api.chat(self.id).bot_messages() if not m.deleted]

    def mark(self) -> int:
        """A position in the chat; ``since(mark)`` returns the bot's messages after it."""
        return len(self.harness.api.chat(self.id).messages)

    def since(self, mark: int) -> list[SentMessage]:
        return [m for m in self.harness.api.chat(self.id).messages[mark:] if m.from_bot]

    def apologised(self) -> bool:
        """Whether the bot sent its error apology: how a crash, or a message Telegram refused (too
        long, too many buttons), shows to a person."""
        return any(a in text for text in self.texts() for a in APOLOGIES)

    def last_answer(self) -> dict[str, Any]:
        """The newest answerCallbackQuery the bot made (a toast or an alert)."""
        return self.harness.api.callback_answers[-1]


def button_labels(message: SentMessage) -> list[str]:
    markup = message.reply_markup or {}
    rows = markup.get("inline_keyboard") or markup.get("keyboard") or []
    return [b["text"] if isinstance(b, dict) else str(b) for row in rows for b in row]


# 2026-12-01 09:00 in Shanghai: a Tuesday morning, the campaign's busy month.
START = datetime.fromisoformat("2026-12-01T09:00:00+08:00")


async def start_harness(database_url: str, **overrides: Any) -> Harness:
    api = FakeBotAPI()
    await api.start()
    settings = Settings(
        token=api.token,
        api_base_url=api.base_url,
        database_url=database_url,
        admins=[ADMIN.telegram_id],  # type: ignore[arg-type]
        **overrides,
    )
    clock = ManualClock(START)
    services = build_services(settings, clock=clock)
    app = build_application(settings, services, scheduler=False)
    await app.initialize()
    if app.post_init:
        await app.post_init(app)
    return Harness(api, app, services, clock)


async def stop_harness(harness: Harness) -> None:
    await harness.app.shutdown()
    harness.services.store.engine.dispose()
    await harness.api.stop()
