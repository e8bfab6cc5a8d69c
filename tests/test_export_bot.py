"""/export end to end: the coordinator receives the XLSX a bureau would check; 赵强 is refused.

The workbook is read back from the bytes the fake Telegram kept, with openpyxl, as a bureau clerk
would open it.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta
from io import BytesIO
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from sqlmodel import select

from bot.handlers.staff import export, progress
from bot.i18n import translator
from data.attendance import check_in, check_out
from data.attendance_close import close_shift_attendance
from data.corrections import Correction, correct_attendance
from data.models import Attendance, AttendanceStatus, Role, Signup
from data.shifts import ShiftDraft, create_shift
from data.signups import sign_up
from data.volunteers import set_display_name
from demo.botapi import SentMessage
from tests.attendance_world import local
from tests.harness import Harness, button_labels
from tests.personas import ADMIN, COORDINATOR, EMMA, LILEI, ZHAO


@dataclass
class Ids:
    coordinator: int
    lilei: int
    emma: int


def _post(harness: Harness, boss: int, day: str, start: str, hours: float) -> int:
    begins = local(day, start)
    draft = ShiftDraft(
        "文明交通劝导", "民主路口", begins, begins + timedelta(hours=hours), 5, "Asia/Shanghai"
    )
    shift = harness.store.call(create_shift, actor_id=boss, draft=draft, now=harness.clock.now())
    assert shift.id is not None
    return shift.id


def _at(harness: Harness, day: str, hhmm: str) -> datetime:
    harness.clock.set(local(day, hhmm))
    return harness.clock.now()


def _programme(harness: Harness) -> Ids:
    """3 Dec 09:00–11:00: 李雷 on time, Emma forgot to check in and 王芳 corrects her record;
    4 Dec 09:00–10:00: 李雷 late at 09:10, leaves 09:55 (45 minutes, 0.75 h, shown 0.8)."""
    boss = harness.given_registered(COORDINATOR, role=Role.COORDINATOR)
    li, emma = harness.given_registered(LILEI), harness.given_registered(EMMA)
    harness.given_registered(ZHAO)
    assert boss.id is not None and li.id is not None and emma.id is not None
    policy, store = harness.services.policy, harness.store
    first = _post(harness, boss.id, "2026-12-03", "09:00", 2)
    second = _post(harness, boss.id, "2026-12-04", "09:00", 1)
    for shift_id, people in ((first, (li.id, emma.id)), (second, (li.id,))):
        for person in people:
            store.call(
                sign_up,
                volunteer_id=person,
                shift_id=shift_id,
                now=harness.clock.now(),
                policy=policy,
            )
    now = _at(harness, "2026-12-03", "08:50")
    store.call(check_in, volunteer_id=li.id, shift_id=first, now=now, policy=policy)
    now = _at(harness, "2026-12-03", "11:30")
    store.call(close_shift_attendance, shift_id=first, now=now, policy=policy)
    now = _at(harness, "2026-12-04", "09:10")
    store.call(check_in, volunteer_id=li.id, shift_id=second, now=now, policy=policy)
    now = _at(harness, "2026-12-04", "09:55")
    store.call(check_out, volunteer_id=li.id, shift_id=second, now=now)
    now = _at(harness, "2026-12-04", "10:30")
    store.call(close_shift_attendance, shift_id=second, now=now, policy=policy)
    _correct_emma(harness, boss.id, emma.id, first)
    _at(harness, "2026-12-05", "10:00")
    return Ids(boss.id, li.id, emma.id)


def _correct_emma(harness: Harness, boss: int, emma: int, shift_id: int) -> None:
    with harness.store.session(write=False) as session:
        record = session.exec(
            select(Attendance)
            .join(Signup)
            .where(Signup.shift_id == shift_id, Signup.volunteer_id == emma)
        ).one()
    assert record.id is not None
    harness.store.call(
        correct_attendance,
        actor_id=boss,
        attendance_id=record.id,
        correction=Correction(status=AttendanceStatus.PRESENT),
        reason="忘记签到，现场核实",
        now=_at(harness, "2026-12-04", "14:00"),
    )


def _sheet_rows(sheet: Worksheet) -> list[list[Any]]:
    return [list(row) for row in sheet.iter_rows(values_only=True)]


HEADER = 3  # below the title rows


def _by_header(sheet: Worksheet) -> list[dict[str, Any]]:
    _title, _details, header, *rows = _sheet_rows(sheet)
    return [dict(zip(header, row, strict=True)) for row in rows]


def _open(message: SentMessage) -> Any:
    assert message.document is not None, f"expected a file, got {message.text!r}"
    return load_workbook(BytesIO(message.document["bytes"]))


async def test_the_coordinator_gets_this_months_hours_as_a_workbook(harness: Harness) -> None:
    _programme(harness)
    wang = harness.person(COORDINATOR)

    prompt = await wang.send("/export")
    assert button_labels(prompt) == ["本月", "上月", "今年"]
    await wang.press("本月")

    sent = wang.last()
    assert sent.document is not None
    assert sent.document["file_name"] == "志愿服务时长-2026年12月.xlsx"
    assert sent.caption is not None
    assert "服务时长统计 · 2026年12月1日–2026年12月31日" in sent.caption
    assert "志愿者：2 人 · 记录：3 条 · 合计：4.8 小时" in sent.caption
    assert "出勤 2 · 迟到 1 · 缺勤 0 · 请假 0" in sent.caption
    assert "时长修正记录：1 条" in sent.caption
    book = _open(sent)
    assert book.sheetnames == ["汇总 Summary", "明细 Records"]

    summary = book["汇总 Summary"]
    rows = {row["姓名"]: row for row in _by_header(summary)}
    assert set(rows) == {"李雷", "Emma Clark"}
    assert (rows["李雷"]["用户名"], rows["李雷"]["服务时长（小时）"]) == ("@lilei", 2.8)
    assert (rows["李雷"]["出勤"], rows["李雷"]["迟到"], rows["李雷"]["服务时长（分钟）"]) == (
        1,
        1,
        165,
    )
    assert rows["Emma Clark"]["服务时长（小时）"] == 2.0
    hours_cells = [row[-1] for row in summary.iter_rows(min_row=HEADER + 1)]
    assert {cell.number_format for cell in hours_cells} == {"0.0"}
    assert summary.freeze_panes == "A4"
    assert all(cell.font.bold for cell in summary[HEADER])


async def test_the_records_sheet_has_local_times_hours_and_flags_the_correction(
    harness: Harness,
) -> None:
    _programme(harness)
    wang = harness.person(COORDINATOR)

    book = _open(await wang.send("/export 2026-12"))

    records = book["明细 Records"]
    rows = _by_header(records)
    assert [(r["日期"], r["志愿者"], r["考勤状态"]) for r in rows] == [
        (datetime(2026, 12, 3), "Emma Clark", "出勤"),
        (datetime(2026, 12, 3), "李雷", "出勤"),
        (datetime(2026, 12, 4), "李雷", "迟到"),
    ]
    emma, li_first, li_late = rows
    assert (li_first["开始"], li_first["结束"]) == (
        datetime(2026, 12, 3, 9, 0),
        datetime(2026, 12, 3, 11, 0),
    )
    assert (li_late["签到"], li_late["签退"]) == (
        datetime(2026, 12, 4, 9, 10),
        datetime(2026, 12, 4, 9, 55),
    )
    assert [r["服务时长（小时）"] for r in rows] == [2.0, 2.0, 0.8]
    assert (li_first["岗位"], li_first["服务地点"]) == ("文明交通劝导", "民主路口")
    assert (emma["时长修正"], emma["修正记录"]) == (
        "是",
        "2026-12-04 14:00 王芳：忘记签到，现场核实",
    )
    assert (li_first["时长修正"], li_first["修正记录"]) == ("否", None)
    assert emma["签到"] is None
    header = [cell.value for cell in records[HEADER]]
    formats = {
        name: records.cell(HEADER + 1, header.index(name) + 1).number_format for name in header
    }
    assert (formats["日期"], formats["开始"], formats["签到"]) == ("yyyy-mm-dd", "hh:mm", "hh:mm")
    assert formats["服务时长（小时）"] == "0.0"
    assert records.freeze_panes == "A4"
    # CJK columns are wide enough for their header (two columns a character).
    minutes = get_column_letter(header.index("服务时长（分钟）") + 1)
    assert records.column_dimensions[minutes].width >= len("服务时长（分钟）") * 2


async def test_an_admin_reading_english_gets_english_headers_for_a_range(harness: Harness) -> None:
    _programme(harness)
    harness.given_registered(ADMIN, language="en", role=Role.ADMIN)
    chen = harness.person(ADMIN)

    sent = await chen.send("/export 2026-12-04..2026-12-04")

    assert sent.document is not None
    assert sent.document["file_name"] == "service-hours-2026-12-04_2026-12-04.xlsx"
    assert sent.caption is not None and "Total: 0.8 h" in sent.caption
    summary = _by_header(_open(sent)["汇总 Summary"])
    assert [(r["Name"], r["Late"], r["Service hours"]) for r in summary] == [("李雷", 1, 0.8)]


async def test_an_empty_period_gets_a_clear_message_and_no_file(harness: Harness) -> None:
    _programme(harness)
    wang = harness.person(COORDINATOR)
    mark = wang.mark()

    answer = await wang.send("/export 2026-11")

    assert "2026年11月1日–2026年11月30日没有已结算的考勤记录" in answer.text
    assert all(message.document is None for message in wang.since(mark))


async def test_shifts_not_closed_yet_are_mentioned(harness: Harness) -> None:
    ids = _programme(harness)
    _post(harness, ids.coordinator, "2026-12-20", "09:00", 2)
    shift = _post(harness, ids.coordinator, "2026-12-21", "09:00", 2)
    harness.store.call(
        sign_up,
        volunteer_id=ids.lilei,
        shift_id=shift,
        now=harness.clock.now(),
        policy=harness.services.policy,
    )

    wang = harness.person(COORDINATOR)
    sent = await wang.send("/export 2026-12")
    assert sent.caption is not None
    assert "尚未结算" not in sent.caption  # shifts still to come have nothing to close

    _at(harness, "2026-12-21", "10:00")  # 李雷's shift is under way
    sent = await wang.send("/export 2026-12")

    assert sent.caption is not None
    assert "本时间段有 1 个岗位考勤尚未结算，其服务时长未计入" in sent.caption


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("/export 2026-13", "日期不存在"),
        ("/export 2026-12-31..2026-12-01", "结束日期早于开始日期"),
        ("/export soon", "无法识别这个时间段"),
    ],
)
async def test_a_period_that_cannot_be_read_is_explained(
    harness: Harness, typed: str, expected: str
) -> None:
    _programme(harness)

    answer = await harness.person(COORDINATOR).send(typed)

    assert expected in answer.text
    assert "/export 2026-12-01..2026-12-31" in answer.text  # and how to write one
    assert answer.document is None


async def test_zhao_is_refused_by_command_and_by_button(
    harness: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    _programme(harness)
    zhao = harness.person(ZHAO)
    refusal = translator("zh")(
        "Sorry, only coordinators can do that. Ask an admin if you should be one."
    )
    mark = zhao.mark()

    with caplog.at_level(logging.WARNING):
        answer = await zhao.send("/export 2026-12")
        await zhao.send("/export")
        await zhao.press_data("1:export:0", message=answer)

    assert answer.text == refusal
    assert zhao.last_answer()["text"] == refusal
    assert all(message.document is None for message in zhao.since(mark))
    assert "refused export to telegram id 2003" in caplog.text


async def test_a_name_that_looks_like_a_formula_stays_text(harness: Harness) -> None:
    ids = _programme(harness)
    harness.store.call(
        set_display_name, volunteer_id=ids.emma, name='=HYPERLINK("http://x","Emma")'
    )

    book = _open(await harness.person(COORDINATOR).send("/export 2026-12"))

    for sheet, column in (("汇总 Summary", 1), ("明细 Records", 8)):
        names = [row[column - 1] for row in book[sheet].iter_rows(min_row=HEADER + 1)]
        cell = next(c for c in names if str(c.value).startswith("=HYPERLINK"))
        assert cell.data_type == "s"


async def test_a_large_export_shows_its_progress_edited_in_place_before_the_file(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    _programme(harness)
    monkeypatch.setattr(export, "LARGE", 1)  # three records count as large here
    monkeypatch.setattr(progress, "EVERY", 0.0)  # and every new percentage may be shown
    wang = harness.person(COORDINATOR)
    first = len(harness.api.requests)

    sent = await wang.send("/export 2026-12")

    assert sent.document is not None
    shown = [
        (r.method, r.params.get("text"))
        for r in harness.api.requests[first:]
        if r.method in ("sendMessage", "editMessageText", "sendDocument", "deleteMessage")
    ]
    assert shown == [
        ("sendMessage", "正在生成… 0 %"),
        ("editMessageText", "正在生成… 100 %"),
        ("sendDocument", None),
        ("deleteMessage", None),  # the file speaks for itself
    ]
    assert all(r.status == 200 for r in harness.api.requests[first:])


async def test_the_bot_answers_others_while_a_workbook_is_being_written(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    _programme(harness)
    writing, finish = threading.Event(), threading.Event()
    write = export.workbook_bytes

    def held(*args: Any, **kwargs: Any) -> bytes:
        writing.set()
        finish.wait(10)
        return write(*args, **kwargs)

    monkeypatch.setattr(export, "workbook_bytes", held)
    wang, li = harness.person(COORDINATOR), harness.person(LILEI)
    mark = wang.mark()
    exporting = asyncio.create_task(wang.send("/export 2026-12"))
    assert await asyncio.to_thread(writing.wait, 10)

    answer = await li.send("/hours")

    assert answer.text and not li.apologised()
    assert all(message.document is None for message in wang.since(mark))
    finish.set()
    assert (await exporting).document is not None
