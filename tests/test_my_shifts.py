"""Stories of volunteers looking after their places: /my, cancelling after a confirmation, and
the first waitlisted volunteer getting the freed seat."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from data.models import Outbox, Signup, SignupStatus, Volunteer
from tests.harness import TEXT_LIMIT, Harness, Person, button_labels
from tests.personas import COORDINATOR, EMMA, LILEI, register_through_bot


def post(
    harness: Harness,
    *,
    capacity: int = 5,
    title: str = "消费维权咨询",
    starts_in: timedelta = timedelta(days=4),
) -> int:
    """A coordinator posts a two-hour shift, by default on Saturday 2026-12-05 at 09:00."""
    return harness.given_shift(starts_in=starts_in, title=title, capacity=capacity)


async def take_first_shift(person: Person, sign_up: str = "✅ 报名") -> None:
    await person.send("/shifts")
    await person.press("1")
    await person.press(sign_up)


def status_of(harness: Harness, telegram_id: int, shift_id: int) -> str:
    with harness.store.session(write=False) as session:
        query = (
            select(Signup.status)
            .join(Volunteer)
            .where(Volunteer.telegram_id == telegram_id, Signup.shift_id == shift_id)
        )
        return session.exec(query).one()


async def test_my_shifts_lists_seats_and_waitlist_places_with_a_cancel_button_each(
    harness: Harness,
) -> None:
    post(harness, capacity=3, title="消费维权咨询")
    post(harness, capacity=1, title="创城问卷宣传", starts_in=timedelta(days=5))
    lilei, emma = harness.person(LILEI), harness.person(EMMA)
    await register_through_bot(emma)
    await emma.send("/shifts")
    await emma.press("2")
    await emma.press("✅ Sign up")
    await register_through_bot(lilei)
    await take_first_shift(lilei)
    await lilei.press("‹ 返回")
    await lilei.press("2")
    await lilei.press("⏳ 加入候补")

    mine = await lilei.send("/my")

    assert mine.text.startswith("我的岗位")
    assert (
        "1. 12月5日 周六 09:00–11:00\n消费维权咨询 · 民主路口\n已报名 1/3\n✅ 您已报名" in mine.text
    )
    assert "2. 12月6日 周日 09:00–11:00\n创城问卷宣传" in mine.text
    assert "⏳ 候补第 1 位" in mine.text
    assert button_labels(mine) == ["❌ 取消 1", "❌ 取消 2"]


async def test_keep_it_changes_nothing(harness: Harness) -> None:
    shift_id = post(harness)
    lilei = harness.person(LILEI)
    await register_through_bot(lilei)
    await take_first_shift(lilei)
    await lilei.send("/my")

    question = await lilei.press("❌ 取消 1")
    assert question.text.startswith("确定取消这个岗位的报名吗？\n\n消费维权咨询")
    assert button_labels(question) == ["确定取消", "保留"]

    kept = await lilei.press("保留")
    assert kept.message_id == question.message_id
    assert "✅ 您已报名" in kept.text
    assert status_of(harness, LILEI.telegram_id, shift_id) == SignupStatus.CONFIRMED


async def test_cancelling_a_seat_promotes_the_first_waitlisted_volunteer(harness: Harness) -> None:
    shift_id = post(harness, capacity=1)
    lilei, emma = harness.person(LILEI), harness.person(EMMA)
    await register_through_bot(lilei)
    await register_through_bot(emma)
    await take_first_shift(lilei)
    await take_first_shift(emma, "⏳ Join waitlist")
    await lilei.send("/my")

    question = await lilei.press("❌ 取消 1")
    assert "您的名额将由候补第 1 位的志愿者递补。" in question.text
    after = await lilei.press("确定取消")

    assert lilei.last_answer()["text"] == "已取消报名。"
    assert after.text.startswith("已取消：消费维权咨询。\n\n您目前没有即将开始的岗位或候补。")
    assert status_of(harness, LILEI.telegram_id, shift_id) == SignupStatus.CANCELLED
    assert status_of(harness, EMMA.telegram_id, shift_id) == SignupStatus.CONFIRMED
    with harness.store.session(write=False) as session:
        owed = session.exec(select(Outbox).where(Outbox.kind == "promoted")).all()
        emma_row = session.exec(
            select(Volunteer).where(Volunteer.telegram_id == EMMA.telegram_id)
        ).one()
    assert [(row.recipient_id, row.shift_id) for row in owed] == [(emma_row.id, shift_id)]


async def test_the_promoted_volunteer_is_told_at_once(harness: Harness) -> None:
    post(harness, capacity=1)
    lilei, emma = harness.person(LILEI), harness.person(EMMA)
    await register_through_bot(lilei)
    await register_through_bot(emma)
    await take_first_shift(lilei)
    await take_first_shift(emma, "⏳ Join waitlist")
    await lilei.send("/my")
    await lilei.press("❌ 取消 1")
    await lilei.press("确定取消")
    mark = emma.mark()

    await harness.dispatch()

    told = "\n".join(m.text for m in emma.since(mark))
    assert "消费维权咨询" in told
    assert "Sat 5 Dec 09:00–11:00" in told
    assert "Cancel in /my so the next person waiting gets the seat" in told


async def test_cancelling_from_the_card_returns_to_the_card(harness: Harness) -> None:
    shift_id = post(harness)
    lilei = harness.person(LILEI)
    await register_through_bot(lilei)
    await take_first_shift(lilei)

    question = await lilei.press("❌ 取消报名")
    card = await lilei.press("确定取消", question)

    assert card.text.startswith("已取消：消费维权咨询。\n\n消费维权咨询\n🕘")
    assert button_labels(card) == ["✅ 报名", "‹ 返回"]
    assert status_of(harness, LILEI.telegram_id, shift_id) == SignupStatus.CANCELLED


async def test_leaving_the_waitlist_asks_first_and_frees_the_place_in_line(
    harness: Harness,
) -> None:
    shift_id = post(harness, capacity=1)
    lilei, emma = harness.person(LILEI), harness.person(EMMA)
    await register_through_bot(emma)
    await register_through_bot(lilei)
    await take_first_shift(emma, "✅ Sign up")
    await take_first_shift(lilei, "⏳ 加入候补")
    await lilei.send("/my")

    question = await lilei.press("❌ 取消 1")
    assert question.text.startswith("确定取消这个岗位的候补吗？")
    await lilei.press("确定取消")

    assert lilei.last_answer()["text"] == "已取消候补。"
    assert status_of(harness, LILEI.telegram_id, shift_id) == SignupStatus.CANCELLED
    assert status_of(harness, EMMA.telegram_id, shift_id) == SignupStatus.CONFIRMED


async def test_my_shifts_fit_one_message_however_many_places_a_volunteer_holds(
    harness: Harness,
) -> None:
    title = "创城问卷宣传暨文明交通劝导志愿服务活动（秦州区民主路口东南角岗亭，请提前十分钟到岗）"
    for n in range(45):
        shift_id = harness.given_shift(
            by=COORDINATOR, starts_in=timedelta(days=1 + n / 4), title=title
        )
        harness.given_signed_up(LILEI, shift_id)
    answer = await harness.person(LILEI).send("/my")
    assert not harness.person(LILEI).apologised()
    assert len(answer.text) <= TEXT_LIMIT
    assert "<b>" not in answer.text  # parsed, not shown as source
    buttons = sum(len(row) for row in (answer.reply_markup or {}).get("inline_keyboard", []))
    assert 0 < buttons <= 100
    assert "1." in answer.text
