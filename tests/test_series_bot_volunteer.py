"""Volunteers and regular shifts, end to end: "Sign up for every one", a full occurrence
waitlisting, skip one with promotion, ending a standing sign-up, and new occurrences seated as
the horizon moves."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import col, select

from bot.scheduling import make_dispatcher
from data.materialise import materialise_all
from data.models import Role, Shift, Signup, SignupStatus, Volunteer
from data.recurrence import build_rule, parse_repeat
from data.series import create_series
from data.shifts import ShiftDraft
from data.signups import sign_up
from data.standing import start_standing
from scheduler.deps import JobDeps
from scheduler.series_jobs import materialise_series
from tests.harness import TEXT_LIMIT, Harness, Person, button_labels
from tests.personas import ADMIN, COORDINATOR, EMMA, LILEI, ZHAO

SHANGHAI = ZoneInfo("Asia/Shanghai")


def post_weekly(harness: Harness, *, capacity: int = 3, repeat: str = "weekly") -> int:
    """An admin's weekly 文明交通劝导 on Fridays 08:00–10:00 from 4 Dec; returns the series id."""
    admin = harness.given_registered(ADMIN, role=Role.ADMIN)
    start = datetime(2026, 12, 4, 8, 0, tzinfo=SHANGHAI)
    draft = ShiftDraft(
        "文明交通劝导", "民主路口", start, start + timedelta(hours=2), capacity, "Asia/Shanghai"
    )
    created = harness.store.call(
        create_series,
        actor_id=admin.id,
        draft=draft,
        rule=parse_repeat(repeat, start=start.date()),
        now=harness.clock.now(),
        policy=harness.services.policy,
    )
    assert created.series.id is not None
    return created.series.id


def occurrence_ids(harness: Harness, series_id: int) -> list[int]:
    with harness.store.session(write=False) as session:
        query = select(Shift.id).where(Shift.series_id == series_id).order_by(col(Shift.starts_at))
        return [i for i in session.exec(query) if i is not None]


def statuses(harness: Harness, persona_id: int) -> dict[int, str]:
    """shift id -> the persona's sign-up status."""
    with harness.store.session(write=False) as session:
        query = (
            select(Signup.shift_id, Signup.status)
            .join(Volunteer, col(Volunteer.id) == col(Signup.volunteer_id))
            .where(Volunteer.telegram_id == persona_id)
        )
        return {row[0]: row[1] for row in session.exec(query)}


def fill_directly(harness: Harness, persona_id: int, shift_id: int) -> None:
    with harness.store.session() as session:
        volunteer = session.exec(select(Volunteer).where(Volunteer.telegram_id == persona_id)).one()
        sign_up(
            session=session,
            volunteer_id=volunteer.id,
            shift_id=shift_id,
            now=harness.clock.now(),
            policy=harness.services.policy,
            waitlist_ok=True,
        )


async def sign_up_for_every_one(person: Person, label: str = "🔁 长期报名（每一次）") -> None:
    await person.send("/shifts")
    await person.press("1")
    await person.press(label)


async def test_a_standing_sign_up_from_the_card_takes_every_future_occurrence(
    harness: Harness,
) -> None:
    series_id = post_weekly(harness)
    harness.given_registered(LILEI)
    lilei = harness.person(LILEI)

    await lilei.send("/shifts")
    card = await lilei.press("1")
    assert "属于常态化岗位" in card.text
    assert {"✅ 只报名这一次", "🔁 长期报名（每一次）"} <= set(button_labels(card))
    await lilei.press("🔁 长期报名（每一次）")

    summary = lilei.last().text
    assert "您已长期报名 文明交通劝导" in summary and "每周五" in summary
    assert "已报名之后的 8 个班次" in summary
    ids = occurrence_ids(harness, series_id)
    assert statuses(harness, LILEI.telegram_id) == dict.fromkeys(ids, SignupStatus.CONFIRMED)

    mine = await lilei.send("/my")
    assert "长期报名" in mine.text
    assert "您没有" not in mine.text
    assert any(label.startswith("⏭ 请假") for label in button_labels(mine))
    assert any(label.startswith("⏹ 结束长期报名") for label in button_labels(mine))


async def test_the_card_no_longer_offers_every_one_once_it_is_taken(harness: Harness) -> None:
    post_weekly(harness)
    harness.given_registered(EMMA)
    emma = harness.person(EMMA)
    await sign_up_for_every_one(emma, "🔁 Sign up for every one")

    await emma.send("/shifts")
    card = await emma.press("2")

    assert "You signed up for every occurrence of regular shift R1" in card.text
    assert "🔁 Sign up for every one" not in button_labels(card)
    assert "❌ Cancel my place" in button_labels(card)


async def test_a_full_occurrence_waitlists_the_standing_volunteer_who_is_told(
    harness: Harness,
) -> None:
    series_id = post_weekly(harness, capacity=1)
    for persona in (LILEI, EMMA):
        harness.given_registered(persona)
    third = occurrence_ids(harness, series_id)[2]
    fill_directly(harness, LILEI.telegram_id, third)
    emma = harness.person(EMMA)

    await sign_up_for_every_one(emma, "🔁 Sign up for every one")

    summary = emma.last().text
    assert "Signed up for 7 dates ahead." in summary
    assert "Full, so you are on the waitlist for:" in summary
    assert "Fri 18 Dec 08:00–10:00 · position 1" in summary
    assert statuses(harness, EMMA.telegram_id)[third] == SignupStatus.WAITLISTED

    # Li Lei signs up for every one too, after Emma: a week on, the newly posted Friday goes to
    # Emma (signed up first) and Li Lei is waitlisted there and told.
    lilei = harness.person(LILEI)
    await sign_up_for_every_one(lilei)
    harness.clock.advance(timedelta(days=7))
    mark = lilei.mark()
    [rolled] = harness.store.call(
        materialise_all, now=harness.clock.now(), policy=harness.services.policy
    )
    [new] = rolled.created
    assert statuses(harness, EMMA.telegram_id)[new.id] == SignupStatus.CONFIRMED
    assert statuses(harness, LILEI.telegram_id)[new.id] == SignupStatus.WAITLISTED
    await harness.dispatch()
    told = [m.text for m in lilei.since(mark)]
    assert any("您在候补第 1 位" in t and "1月29日 周五 08:00–10:00" in t for t in told)


async def test_skipping_one_gives_the_place_to_the_waitlist_and_they_are_told(
    harness: Harness,
) -> None:
    series_id = post_weekly(harness, capacity=1)
    harness.given_registered(LILEI)
    harness.given_registered(EMMA)
    lilei, emma = harness.person(LILEI), harness.person(EMMA)
    await sign_up_for_every_one(lilei)
    first = occurrence_ids(harness, series_id)[0]
    fill_directly(harness, EMMA.telegram_id, first)  # full: Emma waits for the first Friday
    assert statuses(harness, EMMA.telegram_id)[first] == SignupStatus.WAITLISTED

    await lilei.send("/my")
    question = await lilei.press("⏭ 请假 12月4日 周五")
    assert "这一次请假吗" in question.text
    after = await lilei.press("确定请假")

    assert "已请假：文明交通劝导" in after.text
    assert "长期报名" in after.text  # the standing sign-up goes on
    assert statuses(harness, LILEI.telegram_id)[first] == SignupStatus.CANCELLED
    assert statuses(harness, EMMA.telegram_id)[first] == SignupStatus.CONFIRMED
    mark = emma.mark()
    await harness.dispatch()
    assert any("moved up from the waitlist" in m.text for m in emma.since(mark))
    # The materialiser never puts her back on the Friday she skipped.
    harness.store.call(materialise_all, now=harness.clock.now(), policy=harness.services.policy)
    assert statuses(harness, LILEI.telegram_id)[first] == SignupStatus.CANCELLED


async def test_ending_a_standing_sign_up_releases_every_place_ahead(harness: Harness) -> None:
    series_id = post_weekly(harness)
    harness.given_registered(LILEI)
    lilei = harness.person(LILEI)
    await sign_up_for_every_one(lilei)

    await lilei.send("/my")
    question = await lilei.press("⏹ 结束长期报名：文明交通劝导")
    assert "结束 文明交通劝导 的长期报名吗" in question.text
    after = await lilei.press("确定结束")

    assert "长期报名已结束，释放了 8 个名额" in after.text
    ids = occurrence_ids(harness, series_id)
    assert statuses(harness, LILEI.telegram_id) == dict.fromkeys(ids, SignupStatus.CANCELLED)
    harness.clock.advance(timedelta(days=7))
    created = harness.store.call(
        materialise_all, now=harness.clock.now(), policy=harness.services.policy
    )
    assert created[0].created and created[0].created[0].id not in statuses(
        harness, LILEI.telegram_id
    )


async def test_new_occurrences_are_posted_and_taken_as_the_clock_advances(harness: Harness) -> None:
    series_id = post_weekly(harness)
    harness.given_registered(LILEI)
    lilei = harness.person(LILEI)
    await sign_up_for_every_one(lilei)
    assert len(occurrence_ids(harness, series_id)) == 8

    harness.clock.advance(timedelta(days=14))
    created = await materialise_series(_deps(harness))

    assert created == 2
    ids = occurrence_ids(harness, series_id)
    assert len(ids) == 10
    mine = statuses(harness, LILEI.telegram_id)
    assert mine[ids[-1]] == mine[ids[-2]] == SignupStatus.CONFIRMED
    assert await materialise_series(_deps(harness)) == 0  # nothing twice


def _deps(harness: Harness) -> JobDeps:
    services = harness.services
    return JobDeps(
        services.store,
        services.clock,
        services.policy,
        services.settings,
        make_dispatcher(harness.app, paced=False),
    )


async def test_a_volunteer_cannot_list_series_or_skip_dates(harness: Harness) -> None:
    series_id = post_weekly(harness)
    harness.given_registered(ZHAO)
    zhao = harness.person(ZHAO)
    assert "只有负责人可以" in (await zhao.send("/series")).text
    assert "只有负责人可以" in (await zhao.send(f"/skip {series_id} 2026-12-11")).text
    with harness.store.session(write=False) as session:
        assert all(s.status == "open" for s in session.exec(select(Shift)))


async def test_a_standing_sign_up_with_many_clashes_is_reported_in_parts(harness: Harness) -> None:
    boss = harness.given_registered(COORDINATOR, role=Role.COORDINATOR).id
    li = harness.given_registered(LILEI)
    start = harness.clock.now() + timedelta(days=1)
    made = []
    for name in ("早班", "同一时间的另一个岗位"):
        draft = ShiftDraft(
            name + "：" + "食品安全宣传" * 30,
            "中心农贸市场" * 30,
            start,
            start + timedelta(hours=2),
            4,
            "Asia/Shanghai",
        )
        made.append(
            harness.store.call(
                create_series,
                actor_id=boss,
                draft=draft,
                rule=build_rule("daily", start=start.date()),
                now=harness.clock.now(),
                policy=harness.services.policy,
            )
        )
    first, second = made
    harness.store.call(
        start_standing,
        volunteer_id=li.id,
        series_id=first.series.id,
        now=harness.clock.now(),
        policy=harness.services.policy,
    )
    person = harness.person(LILEI)
    await person.send("/shifts")
    mark = person.mark()
    await person.press_data(f"1:srstand:{second.occurrences[0].id}:0")
    assert not person.apologised()
    sent = [m for m in person.since(mark) if "长期报名" in m.text or "冲突" in m.text]
    assert sent
    assert all(len(m.text) <= TEXT_LIMIT for m in person.since(mark))
