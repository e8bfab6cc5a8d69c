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
from data.models import Role, Volunteer
from data.volunteers import finish_registration, set_language, touch_volunteer
from demo.botapi import FakeBotAPI, SentMessage
from tests import domain_setup
from tests.personas import ADMIN, Persona


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
        title: str = "文明交通劝导",
        capacity: int = 5,
        starts_in: timedelta = timedelta(days=4),
    ) -> int:
        """Set-up through the domain: the admin posts a two-hour shift at 民主路口; its number.

        The harness clock reads Tuesday 2026-12-01 09:00, so the default is Saturday the 5th.
        """
        admin = self.given_registered(ADMIN, role=Role.ADMIN)
        assert admin.id is not None
        with self.store.session() as session:
            shift = domain_setup.shift(
                session,
                admin.id,
                self.clock.now(),
                starts_in=starts_in,
                title=title,
                capacity=capacity,
            )
            assert shift.id is not None
            return shift.id

    def given_registered(
        self, persona: Persona, *, language: str = "zh", role: Role = Role.VOLUNTEER
    ) -> Volunteer:
        """Set-up through the domain: a volunteer who already finished /start."""
        self.person(persona)

        def setup(session: Any) -> Volunteer:
            volunteer = touch_volunteer(
                session=session,
                telegram_id=persona.telegram_id,
                chat_id=persona.telegram_id,
                username=persona.username,
                full_name=" ".join(p for p in (persona.first_name, persona.last_name) if p),
                now=self.clock.now(),
                admin_ids=self.services.settings.admins,
            )
            assert volunteer.id is not None
            set_language(session=session, volunteer_id=volunteer.id, language=language)
            finish_registration(session=session, volunteer_id=volunteer.id)
            if role != Role.VOLUNTEER:
                volunteer.role = role
            session.add(volunteer)
            session.flush()
            return volunteer

        with self.store.session() as session:
            return setup(session)


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

    async def register(self, language: str = "zh") -> None:
        """Walk /start as a new user would: language, the Telegram name, skip the phone."""
        from bot.i18n import translator
        from bot.views.keyboards import LANGUAGE_NAMES

        _ = translator(language)
        name = " ".join(p for p in (self.persona.first_name, self.persona.last_name) if p)
        await self.send("/start")
        await self.press(LANGUAGE_NAMES[language])
        await self.press(_("Use {name}").format(name=name))
        await self.send(_("Skip"))

    async def share_contact(self, phone: str) -> SentMessage:
        self.harness.api.user_shares_contact(self.id, phone)
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
            if message.from_bot and not message.deleted and label in button_labels(message):
                return message
            if (
                message.from_bot
                and not message.deleted
                and any(label in b for b in button_labels(message))
            ):
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
