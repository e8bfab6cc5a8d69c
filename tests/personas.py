"""The people every test talks about (healthchecks' alice/bob/charlie, in our programme), and the
two ways they come to be registered: through the domain, or through the bot's /start.

- 陈主任 Chen (admin, from SHIFTBOT_ADMINS), 王芳 Wang Fang (a coordinator once promoted),
- 李雷 Li Lei and Emma Clark (volunteers; Emma uses English), and
- 赵强 Zhao Qiang, a volunteer who must be refused every coordinator action.

Tests about numbers of people (races, pacing, restarts) add a ``crowd`` of nameless volunteers.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from sqlmodel import Session

from data.models import Role, Volunteer
from data.volunteers import finish_registration, set_language, touch_volunteer

if TYPE_CHECKING:
    from tests.harness import Person


@dataclass(frozen=True)
class Persona:
    telegram_id: int
    first_name: str
    last_name: str | None
    username: str | None
    language_code: str

    @property
    def full_name(self) -> str:
        """The name Telegram shows, which /start offers as the volunteer's name."""
        return " ".join(p for p in (self.first_name, self.last_name) if p)

    @property
    def language(self) -> str:
        """The bot's language this person picks at /start (their Telegram app's language)."""
        return "en" if self.language_code.startswith("en") else "zh"


ADMIN = Persona(1000, "陈", "主任", "chen_admin", "zh-hans")
COORDINATOR = Persona(1001, "王芳", None, "wangfang", "zh-hans")
LILEI = Persona(2001, "李雷", None, "lilei", "zh-hans")
EMMA = Persona(2002, "Emma", "Clark", "emma_c", "en")
ZHAO = Persona(2003, "赵强", None, "zhaoqiang", "zh-hans")

EVERYONE = (ADMIN, COORDINATOR, LILEI, EMMA, ZHAO)


def crowd(count: int, *, first_id: int) -> list[Persona]:
    """``count`` nameless volunteers 志愿者<id> with Telegram ids from ``first_id`` on."""
    ids = range(first_id, first_id + count)
    return [Persona(n, f"志愿者{n}", None, f"user{n}", "zh-hans") for n in ids]


def registered(
    *,
    session: Session,
    persona: Persona,
    now: datetime,
    role: Role = Role.VOLUNTEER,
    language: str | None = None,
    admins: Iterable[int] = (),
) -> Volunteer:
    """Set-up through the domain: ``persona`` as /start leaves them (their Telegram name, their
    language unless ``language``), then given ``role``; ``admins`` is SHIFTBOT_ADMINS.

    Keyword-only like the domain functions, so ``store.call(registered, persona=…, now=…)``.
    """
    volunteer = touch_volunteer(
        session=session,
        telegram_id=persona.telegram_id,
        chat_id=persona.telegram_id,
        username=persona.username,
        full_name=persona.full_name,
        now=now,
        admin_ids=admins,
    )
    assert volunteer.id is not None
    set_language(session=session, volunteer_id=volunteer.id, language=language or persona.language)
    finish_registration(session=session, volunteer_id=volunteer.id)
    if role != Role.VOLUNTEER:
        volunteer.role = role
    session.add(volunteer)
    session.flush()
    return volunteer


async def register_through_bot(person: Person, language: str | None = None) -> None:
    """End to end: walk /start as a new user would (language, the Telegram name, skip the phone)."""
    from bot.i18n import translator
    from bot.views.keyboards import LANGUAGE_NAMES

    language = language or person.persona.language
    _ = translator(language)
    await person.send("/start")
    await person.press(LANGUAGE_NAMES[language])
    await person.press(_("Use {name}").format(name=person.persona.full_name))
    await person.send(_("Skip"))
