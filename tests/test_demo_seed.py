"""The demo's seeded days before: closed attendance that /hours and /export show at once, with
no time travel, and no notice from those days sent late on start-up."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import date, datetime
from typing import Any

import aiohttp
import pytest
from sqlmodel import Session, col, select

from data.models import AttendanceStatus, Outbox, OutboxState, Shift, Volunteer
from data.report_period import Period
from data.reports import service_report
from demo.personas import COORDINATOR, LILEI
from demo.runner import DemoServer

START = datetime.fromisoformat("2026-12-01T16:00:00+08:00")
NOVEMBER_END = Period(date(2026, 11, 20), date(2026, 12, 1))


@pytest.fixture
async def demo() -> AsyncIterator[DemoServer]:
    server = DemoServer(port=0, start_at=START)
    await server.start()
    yield server
    await server.stop()


async def _say(demo: DemoServer, telegram_id: int, text: str) -> dict[str, Any]:
    """Send ``text`` as the persona and wait for the bot's last message in their chat."""
    chat = f"{demo.url}api/chats/{telegram_id}"
    async with aiohttp.ClientSession() as http:
        async with http.post(f"{chat}/send", json={"text": text}) as response:
            assert response.status == 200
        for _ in range(100):
            async with http.get(chat) as response:
                messages = (await response.json())["messages"]
            if messages and messages[-1]["from_bot"] and messages[-2]["text"] == text:
                last: dict[str, Any] = messages[-1]
                return last
            await asyncio.sleep(0.1)
    raise AssertionError(f"no answer to {text!r}")


async def test_the_days_before_are_closed_with_present_late_absent_and_one_correction(
    demo: DemoServer,
) -> None:
    coordinator = await demo.services.store.read(_volunteer_id, telegram_id=COORDINATOR.telegram_id)
    report = await demo.services.store.read(
        service_report, actor_id=coordinator, period=NOVEMBER_END, now=demo.clock.now()
    )

    statuses = {row.attendance.status for row in report.records}
    assert {AttendanceStatus.PRESENT, AttendanceStatus.LATE, AttendanceStatus.ABSENT} <= statuses
    assert [row.volunteer.display_name for row in report.records if row.corrected] == ["陈静"]
    # The programme's shifts still to come are not "attendance not yet closed".
    assert report.unclosed == 0
    assert await demo.services.store.read(_pending_for_past, now=demo.clock.now()) == 0


async def test_hours_and_export_show_the_seeded_days_before_any_time_travel(
    demo: DemoServer,
) -> None:
    hours = await _say(demo, LILEI.telegram_id, "/hours")
    assert "4.0" in hours["text"]

    export = await _say(demo, COORDINATOR.telegram_id, "/export 2026")

    assert export["document"]["file_name"] == "志愿服务时长-2026年.xlsx"
    assert "记录：6 条" in export["caption"]
    assert "出勤 4 · 迟到 1 · 缺勤 1" in export["caption"]
    assert "尚未结算" not in export["caption"]


def _volunteer_id(*, session: Session, telegram_id: int) -> int:
    found = session.exec(select(Volunteer.id).where(Volunteer.telegram_id == telegram_id)).one()
    assert found is not None
    return found


def _pending_for_past(*, session: Session, now: datetime) -> int:
    past = select(Shift.id).where(col(Shift.ends_at) < now)
    rows = session.exec(
        select(Outbox).where(
            col(Outbox.shift_id).in_(past), col(Outbox.state) == OutboxState.PENDING
        )
    ).all()
    return len(rows)
