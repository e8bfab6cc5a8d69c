"""A one-liner /newshift repeating one the same coordinator posted minutes ago asks first."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from data.models import Role, Shift
from tests.harness import Harness, button_labels
from tests.personas import COORDINATOR

ONE_LINER = "/newshift 2026-12-05 09:00-11:00 | 文明交通劝导 | 民主路口 | 6"


def count(harness: Harness) -> int:
    with harness.store.session() as session:
        return len(list(session.exec(select(Shift))))


async def test_the_same_one_liner_again_asks_before_a_second_shift(harness: Harness) -> None:
    harness.given_registered(COORDINATOR, role=Role.COORDINATOR)
    wang = harness.person(COORDINATOR)
    await wang.send(ONE_LINER)

    asked = await wang.send(ONE_LINER)
    assert "您几分钟前刚发布过相同的岗位（编号 1）" in asked.text
    assert button_labels(asked) == ["仍然发布", "取消"]
    assert count(harness) == 1

    dropped = await wang.press("取消")
    assert "未重复发布。编号 1 的岗位保持不变。" in dropped.text
    assert button_labels(dropped) == []
    assert count(harness) == 1

    await wang.send(ONE_LINER)
    posted = await wang.press("仍然发布")
    assert "已发布岗位（编号 2）" in posted.text
    assert count(harness) == 2


async def test_another_capacity_or_a_later_resend_posts_at_once(harness: Harness) -> None:
    harness.given_registered(COORDINATOR, role=Role.COORDINATOR)
    wang = harness.person(COORDINATOR)
    await wang.send(ONE_LINER)

    other = await wang.send(ONE_LINER.replace("| 6", "| 8"))
    assert "编号 2" in other.text and "仍然发布" not in button_labels(other)
    harness.clock.advance(timedelta(minutes=11))
    later = await wang.send(ONE_LINER)
    assert "编号 3" in later.text
    assert count(harness) == 3
