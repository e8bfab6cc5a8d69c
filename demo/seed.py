"""The demo's seeded programme, made through the domain functions as real users would make it.

A coordinator (admin too), volunteers who finished /start, a week of shifts from the glossary's
list with some seats taken and one shift nearly full, shifts of the days before with closed
attendance (demo/seed_past.py), and a weekly series once the recurring feature exists. Nothing here writes rows itself: every change is a ``data`` function.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session
from telegram import Bot

from bot.menus import set_menu_for
from data.config import Settings
from data.db import Store
from data.errors import NotFound
from data.models import Volunteer
from data.policy import Policy
from data.shifts import ShiftDraft, create_shift
from data.signups import sign_up
from data.volunteers import (
    find_volunteer,
    finish_registration,
    set_display_name,
    set_language,
    set_phone,
    touch_volunteer,
)
from demo.personas import COORDINATOR, EMMA, EXTRAS, LILEI, PERSONAS, DemoPersona
from demo.seed_past import seed_past


@dataclass(frozen=True)
class SeedShift:
    """One shift of the programme: days from today, local start, hours, capacity, who is on it."""

    title: str
    location: str
    day: int
    start: time
    hours: float
    capacity: int
    volunteers: tuple[DemoPersona, ...]


PROGRAMME = (
    SeedShift("文明交通劝导", "民主路口", 1, time(8, 0), 2, 6, (LILEI, *EXTRAS[:2])),
    # Nearly full: one seat left.
    SeedShift("食品安全宣传", "中心农贸市场", 1, time(9, 30), 2, 4, EXTRAS[2:5]),
    SeedShift("消费维权咨询", "秦州区市场监管局服务大厅", 2, time(14, 0), 2, 3, (EMMA,)),
    SeedShift("市场环境整治", "中心农贸市场", 3, time(8, 30), 2.5, 8, (LILEI, EXTRAS[5])),
    SeedShift("创城问卷宣传", "麦积区步行街", 4, time(15, 0), 2, 10, (EMMA, EXTRAS[0])),
    SeedShift("文明交通劝导", "民主路口", 5, time(17, 0), 1.5, 6, ()),
)


def seed_programme(
    *, session: Session, settings: Settings, policy: Policy, now: datetime
) -> dict[str, int]:
    """Register the seeded people and post the programme; returns counts for the start-up line."""
    people = {
        p.telegram_id: register(session=session, person=p, settings=settings, now=now)
        for p in (*PERSONAS, *EXTRAS)
        if p.registered
    }
    coordinator_id = _id(people[COORDINATOR.telegram_id])
    zone = settings.zone
    today = now.astimezone(zone).date()
    ids = {telegram_id: _id(volunteer) for telegram_id, volunteer in people.items()}
    past = seed_past(
        session=session,
        coordinator_id=coordinator_id,
        people=ids,
        settings=settings,
        policy=policy,
        now=now,
    )
    signups = 0
    for item in PROGRAMME:
        shift = create_shift(
            session=session,
            actor_id=coordinator_id,
            draft=_draft(item, today, zone, settings.timezone),
            now=now,
        )
        assert shift.id is not None
        for person in item.volunteers:
            volunteer_id = _id(people[person.telegram_id])
            sign_up(
                session=session,
                volunteer_id=volunteer_id,
                shift_id=shift.id,
                now=now,
                policy=policy,
            )
            signups += 1
    series = 0
    if importlib.util.find_spec("data.series") is not None:
        series = seed_series(
            session=session,
            coordinator_id=coordinator_id,
            volunteer_id=_id(people[LILEI.telegram_id]),
            settings=settings,
            policy=policy,
            now=now,
        )
    return {
        "volunteers": len(people),
        "shifts": len(PROGRAMME),
        "past": past,
        "signups": signups,
        "series": series,
    }


def register(
    *, session: Session, person: DemoPersona, settings: Settings, now: datetime
) -> Volunteer:
    """What /start leaves behind: the volunteer, their language, name and phone, registered."""
    volunteer = touch_volunteer(
        session=session,
        telegram_id=person.telegram_id,
        chat_id=person.telegram_id,
        username=person.username,
        full_name=person.full_name,
        now=now,
        admin_ids=settings.admins,
    )
    volunteer_id = _id(volunteer)
    set_language(session=session, volunteer_id=volunteer_id, language=person.language)
    set_display_name(session=session, volunteer_id=volunteer_id, name=person.full_name)
    set_phone(session=session, volunteer_id=volunteer_id, phone=person.phone)
    return finish_registration(session=session, volunteer_id=volunteer_id)


def seed_series(
    *,
    session: Session,
    coordinator_id: int,
    volunteer_id: int,
    settings: Settings,
    policy: Policy,
    now: datetime,
) -> int:
    """A weekly 文明交通劝导 at 民主路口 on Fridays, with one standing sign-up; returns how many."""
    # Imported here: called only when the recurring-shift feature (data.series) is installed.
    from data.recurrence import build_rule
    from data.series import create_series
    from data.standing import start_standing

    zone = settings.zone
    first = _next_weekday(now.astimezone(zone).date() + timedelta(days=1), 4)  # a Friday
    # The morning rush hour, clear of the programme's shifts: the standing sign-up never clashes.
    starts_at = datetime.combine(first, time(7, 0), tzinfo=zone)
    draft = ShiftDraft(
        "文明交通劝导",
        "民主路口",
        starts_at,
        starts_at + timedelta(hours=1),
        6,
        settings.timezone,
    )
    created = create_series(
        session=session,
        actor_id=coordinator_id,
        draft=draft,
        rule=build_rule("weekly", start=first),
        now=now,
        policy=policy,
    )
    assert created.series.id is not None
    start_standing(
        session=session,
        volunteer_id=volunteer_id,
        series_id=created.series.id,
        now=now,
        policy=policy,
    )
    return 1


async def seed_menus(bot: Bot, store: Store, default_language: str) -> None:
    """Each registered persona's command menu, as finishing /start would have set it (the fake
    Telegram forgets menus between runs; a kept database does not forget registrations)."""
    for person in PERSONAS:
        try:
            volunteer = await store.read(find_volunteer, ref=str(person.telegram_id))
        except NotFound:
            continue  # not met yet (--empty): the bot sets the menu when they register
        if volunteer.registered:
            await set_menu_for(bot, volunteer, volunteer.language or default_language)


def _draft(item: SeedShift, today: date, zone: ZoneInfo, tz: str) -> ShiftDraft:
    starts_at = datetime.combine(today + timedelta(days=item.day), item.start, tzinfo=zone)
    ends_at = starts_at + timedelta(hours=item.hours)
    return ShiftDraft(item.title, item.location, starts_at, ends_at, item.capacity, tz)


def _next_weekday(day: date, weekday: int) -> date:
    return day + timedelta(days=(weekday - day.weekday()) % 7)


def _id(volunteer: Volunteer) -> int:
    assert volunteer.id is not None
    return volunteer.id
