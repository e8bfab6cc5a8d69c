"""Coordinators and regular shifts, end to end: posting a weekly series (one-liner and wizard),
/series, holiday skips, "this and all following" edits and cancellations, and bad input."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import col, select

from data.models import Outbox, Role, Series, SeriesSkip, Shift, ShiftStatus
from data.recurrence import build_rule
from data.series import create_series
from data.shifts import ShiftDraft
from data.standing import start_standing
from tests.harness import TEXT_LIMIT, Harness, Person, button_labels
from tests.personas import COORDINATOR, EMMA, LILEI

ONE_LINER = "/newshift 12-04 08:00-10:00 | 文明交通劝导 | 民主路口 | 3 | "


def rows(harness: Harness, model: type[Series] | type[Shift] | type[SeriesSkip]) -> list[object]:
    with harness.store.session(write=False) as session:
        return list(session.exec(select(model)))


def occurrences(harness: Harness) -> list[Shift]:
    with harness.store.session(write=False) as session:
        return list(session.exec(select(Shift).order_by(col(Shift.starts_at))))


def outbox(harness: Harness, kind: str) -> list[Outbox]:
    with harness.store.session(write=False) as session:
        return list(session.exec(select(Outbox).where(Outbox.kind == kind)))


def coordinator(harness: Harness, language: str = "zh") -> Person:
    harness.given_registered(COORDINATOR, role=Role.COORDINATOR, language=language)
    return harness.person(COORDINATOR)


def standing(harness: Harness, persona_id: int, series_id: int = 1) -> None:
    """A volunteer who signed up for every one (as from the card's button)."""
    with harness.store.session() as session:
        from data.models import Volunteer

        volunteer = session.exec(select(Volunteer).where(Volunteer.telegram_id == persona_id)).one()
        start_standing(
            session=session,
            volunteer_id=volunteer.id,
            series_id=series_id,
            now=harness.clock.now(),
            policy=harness.services.policy,
        )


async def test_posting_a_weekly_series_states_the_rule_and_lists_the_next_dates(
    harness: Harness,
) -> None:
    wang = coordinator(harness)

    reply = await wang.send(ONE_LINER + "weekly")

    assert "已发布常态化岗位 R1：文明交通劝导" in reply.text
    assert "🔁 08:00–10:00 · 每周五" in reply.text
    assert "• 12月4日 周五 08:00–10:00（编号 1）" in reply.text
    assert "12月25日 周五 08:00–10:00" in reply.text
    assert "目前已发布 8 个班次" in reply.text
    assert "No." not in reply.text  # the Chinese UI numbers with 编号
    assert len(rows(harness, Series)) == 1 and len(occurrences(harness)) == 8


async def test_posting_in_english_with_weekdays_and_a_count(harness: Harness) -> None:
    chen = coordinator(harness, language="en")

    reply = await chen.send(ONE_LINER + "每周一三五 x10")

    assert "08:00–10:00 · every week on Monday, Wednesday and Friday, 10 times" in reply.text
    assert "Mon 7 Dec 08:00–10:00" in reply.text
    assert len(occurrences(harness)) == 10


async def test_the_wizard_offers_common_repeat_rules_on_the_last_look(harness: Harness) -> None:
    wang = coordinator(harness)
    await wang.send("/newshift")
    await wang.send("文明交通劝导")
    await wang.press("明天 · 12月2日 周三")
    await wang.press("09:00–11:00")
    await wang.send("民主路口")
    await wang.press("6")
    assert "🔁 重复…" in button_labels(wang.last())

    await wang.press("🔁 重复…")
    assert {"不重复", "每天", "工作日", "每周", "每两周", "每月"} <= set(button_labels(wang.last()))
    await wang.press("每两周")
    card = wang.last()
    assert "🔁 每两周的周三" in card.text
    assert "12月16日 周三 09:00–11:00" in card.text
    posted = await wang.press("✅ 发布", card)

    assert "已发布常态化岗位 R1" in posted.text
    [series] = rows(harness, Series)
    assert isinstance(series, Series) and "INTERVAL=2" in series.rrule


async def test_the_wizard_takes_a_typed_rule_and_explains_a_bad_one(harness: Harness) -> None:
    wang = coordinator(harness, language="en")
    await wang.send("/newshift")
    await wang.send("Food safety promotion")
    await wang.send("12-05")
    await wang.send("14:00-16:00")
    await wang.send("Central farmers' market")
    await wang.send("4")
    await wang.press("🔁 Repeat…")

    refused = await wang.send("every fryday")
    assert "is not a weekday" in refused.text and "Accepted forms" in refused.text
    card = await wang.send("monthly until 2027-06-30")
    assert "the first Saturday of every month until 30 Jun 2027" in card.text
    assert "Sat 2 Jan 14:00–16:00" in card.text
    await wang.press("✅ Post", card)
    assert rows(harness, Series)


@pytest.mark.parametrize(
    ("repeat", "expected"),
    [
        ("sometimes", "I did not understand “sometimes”"),
        ("weekly until 2026-11-30", "The end date 2026-11-30 is before the first shift"),
        ("weekly x0", "at least once"),
        ("daily x501", "501 times is too many"),
        ("weekly mon,wendesday", "“wendesday” is not a weekday"),
        ("weekly x5 until 2027-01-31", "not both"),
    ],
)
async def test_bad_repeat_parts_are_explained_and_nothing_is_stored(
    harness: Harness, repeat: str, expected: str
) -> None:
    chen = coordinator(harness, language="en")

    reply = await chen.send(ONE_LINER + repeat)

    assert expected in reply.text
    assert "Accepted forms: daily, weekdays, weekly, every 2 weeks" in reply.text
    assert rows(harness, Series) == [] and occurrences(harness) == []


async def test_series_lists_rule_next_date_and_standing_volunteers(harness: Harness) -> None:
    wang = coordinator(harness)
    await wang.send(ONE_LINER + "weekly")
    harness.given_registered(LILEI)
    standing(harness, LILEI.telegram_id)

    listing = await wang.send("/series")

    assert "R1 文明交通劝导" in listing.text
    assert "08:00–10:00 · 每周五" in listing.text
    assert "下一次：12月4日 周五 08:00–10:00（编号 1）" in listing.text
    assert "长期报名 1 人 · 每次招募 3 人" in listing.text
    assert "No." not in listing.text


async def test_series_with_none_yet_shows_an_example_in_the_users_language(
    harness: Harness,
) -> None:
    chen = coordinator(harness, language="en")

    listing = await chen.send("/series")

    assert "Traffic civility duty | Minzhu Rd crossing | 6 | weekly" in listing.text
    assert "文明交通劝导" not in listing.text


async def test_a_holiday_skip_cancels_posted_dates_and_tells_each_volunteer_once(
    harness: Harness,
) -> None:
    wang = coordinator(harness)
    await wang.send("/newshift 12-02 07:30-09:00 | 文明交通劝导 | 学校门口 | 3 | weekdays")
    harness.given_registered(EMMA)
    standing(harness, EMMA.telegram_id)
    emma = harness.person(EMMA)

    reply = await wang.send("/skip 1 2026-12-24..2026-12-31")

    assert "常态化岗位 R1（文明交通劝导）在 12月24日 周四–12月31日 周四 停班" in reply.text
    assert "已取消 6 个已发布的班次" in reply.text
    cancelled = [s for s in occurrences(harness) if s.status == ShiftStatus.CANCELLED]
    assert len(cancelled) == 6
    mark = emma.mark()
    await harness.dispatch()
    told = [m.text for m in emma.since(mark)]
    assert len(told) == 1
    assert "takes a break on Thu 24 Dec–Thu 31 Dec" in told[0]


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        ("/skip 1 2027-02-17..2027-02-10", "ends before it starts"),
        (
            "/skip 1 2027-05-01..2027-05-07",
            "is outside this regular shift, which runs from 2026-12-04 to 2027-01-29",
        ),
        ("/skip 1", "Send: /skip <regular shift no.> <first day>..<last day>"),
        ("/skip 1 2026-12-07..2026-12-10", "has no occurrence from 2026-12-07 to 2026-12-10"),
        ("/skip 9 2027-02-10", "There is no regular shift R9"),
    ],
)
async def test_bad_skip_ranges_are_explained_and_nothing_is_stored(
    harness: Harness, command: str, expected: str
) -> None:
    chen = coordinator(harness, language="en")
    await chen.send(ONE_LINER + "weekly x9")

    reply = await chen.send(command)

    assert expected in reply.text
    assert rows(harness, SeriesSkip) == []
    assert {s.status for s in occurrences(harness)} == {ShiftStatus.OPEN}


async def edit_title(person: Person, shift_id: int, title: str) -> None:
    await person.send(f"/editshift {shift_id}")
    await person.press("标题")
    await person.send(title)
    await person.press("✅ 保存")


async def test_editing_this_and_all_following_tells_each_volunteer_once(harness: Harness) -> None:
    wang = coordinator(harness)
    await wang.send(ONE_LINER + "weekly")
    harness.given_registered(LILEI)
    standing(harness, LILEI.telegram_id)
    lilei = harness.person(LILEI)
    third = occurrences(harness)[2].id

    await edit_title(wang, third or 0, "文明交通劝导（冬季）")
    question = wang.last()
    assert "属于常态化岗位 R1" in question.text
    saved = await wang.press("本次及以后所有班次")

    assert f"已保存：编号 {third} 及以后所有班次（共 6 个）" in saved.text
    assert "将通知相关的 1 位志愿者" in saved.text
    titles = [s.title for s in occurrences(harness)]
    assert titles[:2] == ["文明交通劝导"] * 2 and set(titles[2:]) == {"文明交通劝导（冬季）"}
    mark = lilei.mark()
    await harness.dispatch()
    told = [m.text for m in lilei.since(mark)]
    assert len(told) == 1 and "12月18日 周五 起有变动" in told[0]
    # Posted later, new dates follow the new title.
    harness.clock.advance(timedelta(days=7))
    from data.materialise import materialise_all

    harness.store.call(materialise_all, now=harness.clock.now(), policy=harness.services.policy)
    assert occurrences(harness)[-1].title == "文明交通劝导（冬季）"


async def test_editing_only_this_occurrence_leaves_the_series_alone(harness: Harness) -> None:
    wang = coordinator(harness)
    await wang.send(ONE_LINER + "weekly")
    second = occurrences(harness)[1].id

    await edit_title(wang, second or 0, "创城问卷宣传")
    saved = await wang.press("仅本次")

    assert "已保存（仅本次）" in saved.text
    assert [s.title for s in occurrences(harness)].count("创城问卷宣传") == 1
    assert outbox(harness, "series_changed") == []


async def test_editing_a_past_occurrence_is_refused(harness: Harness) -> None:
    wang = coordinator(harness)
    await wang.send(ONE_LINER + "weekly")
    first = occurrences(harness)[0].id
    harness.clock.advance(timedelta(days=4))

    reply = await wang.send(f"/editshift {first}")

    assert "该岗位已经结束，无法再修改" in reply.text
    assert occurrences(harness)[0].title == "文明交通劝导"


async def test_moving_all_following_to_another_day_is_explained(harness: Harness) -> None:
    wang = coordinator(harness, language="en")
    await wang.send(ONE_LINER + "weekly")
    second = occurrences(harness)[1].id
    await wang.send(f"/editshift {second}")
    await wang.press("Time")
    await wang.send("2026-12-12")
    await wang.send("08:00-10:00")
    await wang.press("✅ Save")

    await wang.press("This and all following")

    assert "cannot move them to another day" in wang.last_answer()["text"]
    assert occurrences(harness)[1].starts_at.day == 11  # still Friday 11 Dec (UTC 00:00)
    saved = await wang.press("Only this occurrence")  # the other choice is still open
    assert "Saved for this occurrence only" in saved.text


async def test_cancelling_this_and_all_following_ends_the_series(harness: Harness) -> None:
    wang = coordinator(harness)
    await wang.send(ONE_LINER + "weekly")
    harness.given_registered(LILEI)
    standing(harness, LILEI.telegram_id)
    lilei = harness.person(LILEI)
    fourth = occurrences(harness)[3].id

    question = await wang.send(f"/cancelshift {fourth} 路口改造")
    assert "这是常态化岗位 R1 中的一个班次" in question.text
    done = await wang.press("❌ 本次及以后所有班次")

    assert f"常态化岗位 R1 自岗位（编号 {fourth}）起取消，共 5 个班次" in done.text
    statuses = [s.status for s in occurrences(harness)]
    assert statuses == [ShiftStatus.OPEN] * 3 + [ShiftStatus.CANCELLED] * 5
    mark = lilei.mark()
    await harness.dispatch()
    told = [m.text for m in lilei.since(mark)]
    assert len(told) == 1 and "12月25日 周五 起取消" in told[0] and "路口改造" in told[0]
    listing = await wang.send("/series")
    assert "下一次：12月4日 周五" in listing.text


async def test_cancelling_only_this_occurrence_keeps_the_rest(harness: Harness) -> None:
    wang = coordinator(harness)
    await wang.send(ONE_LINER + "weekly")
    second = occurrences(harness)[1].id

    await wang.send(f"/cancelshift {second}")
    done = await wang.press("❌ 仅本次")

    assert f"岗位（编号 {second}）已取消（仅本次）" in done.text
    assert [s.status for s in occurrences(harness)].count(ShiftStatus.CANCELLED) == 1


async def test_a_start_date_the_rule_skips_is_pointed_out(harness: Harness) -> None:
    wang = coordinator(harness)

    reply = await wang.send("/newshift 12-05 08:00-10:00 | 文明交通劝导 | 民主路口 | 3 | 每周五")

    assert "ℹ️ 12月5日 周六 不符合重复规则，因此首个班次是 12月11日 周五。" in reply.text


async def test_a_start_date_that_fits_the_rule_needs_no_remark(harness: Harness) -> None:
    wang = coordinator(harness)

    reply = await wang.send(ONE_LINER + "每周五")

    assert "ℹ️" not in reply.text


async def test_the_series_list_is_sent_in_parts_when_long(harness: Harness) -> None:
    boss = harness.given_registered(COORDINATOR, role=Role.COORDINATOR).id
    start = harness.clock.now() + timedelta(days=1)
    for n in range(30):
        draft = ShiftDraft(
            f"第{n}号常态化岗位：" + "文明交通劝导" * 25,
            "秦州区民主路口" * 20,
            start,
            start + timedelta(hours=2),
            4,
            "Asia/Shanghai",
        )
        rule = build_rule("weekly", start=start.date(), count=3)
        harness.store.call(
            create_series,
            actor_id=boss,
            draft=draft,
            rule=rule,
            now=harness.clock.now(),
            policy=harness.services.policy,
        )
    wang = harness.person(COORDINATOR)
    mark = wang.mark()
    await wang.send("/series")
    parts = wang.since(mark)
    assert not wang.apologised()
    assert len(parts) > 1
    assert all(len(p.text) <= TEXT_LIMIT for p in parts)
    assert "第29号常态化岗位" in parts[-1].text
