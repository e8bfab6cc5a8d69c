"""/export as an office files it: a title, a Chinese file name, pinyin order, the unit filled,
and every correction of a record with who and when. The workbook is read back with openpyxl."""

from __future__ import annotations

from datetime import date, timedelta
from io import BytesIO
from typing import Any

from openpyxl import load_workbook
from sqlmodel import select

from bot.views.name_order import name_key
from bot.views.report_heading import file_name
from data.attendance import check_in
from data.attendance_close import close_shift_attendance
from data.corrections import Correction, correct_attendance
from data.models import Attendance, AttendanceStatus, Role, Shift, Signup, Team
from data.report_period import Period, month_of, year_of
from data.shifts import ShiftDraft, create_shift
from data.signups import sign_up
from demo.botapi import SentMessage
from tests.attendance_world import local
from tests.harness import Harness
from tests.personas import COORDINATOR, LILEI, Persona

# Not in code-point order: 张 (U+5F20) comes before 李 (U+674E) there.
NAMES = ("张伟", "陈静", "赵敏", "李雷", "王磊")
PINYIN_ORDER = ["陈静", "李雷", "王磊", "张伟", "赵敏"]
HEADER = 3


def test_pinyin_orders_the_common_surnames_as_an_office_does() -> None:
    assert sorted(["陈", "张", "李", "王", "赵"], key=name_key) == ["陈", "李", "王", "张", "赵"]


def test_file_names_are_chinese_for_a_chinese_reader() -> None:
    december = month_of(date(2026, 12, 1))
    span = Period(date(2026, 12, 1), date(2026, 12, 15))
    assert file_name(december, "zh") == "志愿服务时长-2026年12月.xlsx"
    assert file_name(year_of(date(2026, 1, 1)), "zh") == "志愿服务时长-2026年.xlsx"
    assert file_name(span, "zh") == "志愿服务时长-2026年12月1日至2026年12月15日.xlsx"
    assert file_name(december, "en") == "service-hours-2026-12.xlsx"
    assert file_name(span, "en") == "service-hours-2026-12-01_2026-12-15.xlsx"


def _programme(harness: Harness, *, in_team: bool = True) -> tuple[int, int]:
    """3 Dec 09:00–11:00 at 秦州区市场监管所's post: five volunteers, all on time but 王磊,
    whose record 王芳 corrects twice. Returns the coordinator's id and 王磊's record id."""
    boss = harness.given_registered(COORDINATOR, role=Role.COORDINATOR)
    people = [
        harness.given_registered(LILEI)
        if name == "李雷"
        else harness.given_registered(Persona(3000 + n, name, None, None, "zh-hans"))
        for n, name in enumerate(NAMES)
    ]
    assert boss.id is not None
    store, policy = harness.store, harness.services.policy
    begins = local("2026-12-03", "09:00")
    draft = ShiftDraft(
        "食品安全宣传", "中心农贸市场", begins, begins + timedelta(hours=2), 8, "Asia/Shanghai"
    )
    shift = store.call(create_shift, actor_id=boss.id, draft=draft, now=harness.clock.now())
    with store.session() as session:
        # No domain function makes teams yet (the invite flow will); a row stands in for it.
        unit = Team(name="秦州区市场监管所", invite_code="qz01", created_at=harness.clock.now())
        session.add(unit)
        session.flush()
        row = session.get(Shift, shift.id)
        assert row is not None
        row.team_id = unit.id if in_team else None
    for person in people:
        store.call(
            sign_up,
            volunteer_id=person.id,
            shift_id=shift.id,
            now=begins - timedelta(days=1),
            policy=policy,
        )
    for person in people:
        if person.display_name != "王磊":
            store.call(
                check_in, volunteer_id=person.id, shift_id=shift.id, now=begins, policy=policy
            )
    harness.clock.set(local("2026-12-03", "11:40"))
    store.call(close_shift_attendance, shift_id=shift.id, now=harness.clock.now(), policy=policy)
    wang = next(p for p in people if p.display_name == "王磊")
    with store.session(write=False) as session:
        record = session.exec(
            select(Attendance).join(Signup).where(Signup.volunteer_id == wang.id)
        ).one()
    assert record.id is not None
    for hhmm, reason, fields in (
        ("14:00", "忘记签到，现场核实", {"status": AttendanceStatus.PRESENT}),
        ("16:30", "提前半小时离岗", {"minutes": 90}),
    ):
        store.call(
            correct_attendance,
            actor_id=boss.id,
            attendance_id=record.id,
            correction=Correction(**fields),  # type: ignore[arg-type]
            reason=reason,
            now=local("2026-12-03", hhmm),
        )
    harness.clock.set(local("2026-12-05", "10:00"))
    return boss.id, record.id


def _open(message: SentMessage) -> Any:
    assert message.document is not None, f"expected a file, got {message.text!r}"
    return load_workbook(BytesIO(message.document["bytes"]))


def _rows(sheet: Any) -> list[dict[str, Any]]:
    header, *rows = list(sheet.iter_rows(min_row=HEADER, values_only=True))
    return [dict(zip(header, row, strict=True)) for row in rows]


async def test_the_workbook_is_titled_named_in_chinese_and_lists_names_by_pinyin(
    harness: Harness,
) -> None:
    _programme(harness)
    harness.services.settings.org_name = "天水市市场监督管理局"

    sent = await harness.person(COORDINATOR).send("/export 2026-12")

    assert sent.document is not None
    assert sent.document["file_name"] == "志愿服务时长-2026年12月.xlsx"
    book = _open(sent)
    for sheet in book.worksheets:
        assert sheet["A1"].value == "天水市市场监督管理局　志愿服务时长统计表"
        assert sheet["A1"].font.bold
        assert sheet["A2"].value == (
            "单位：秦州区市场监管所　　统计期间：2026年12月1日–2026年12月31日"
            "　　生成时间：2026-12-05 10:00"
        )
    assert [r["姓名"] for r in _rows(book["汇总 Summary"])] == PINYIN_ORDER
    records = _rows(book["明细 Records"])
    assert [r["志愿者"] for r in records] == PINYIN_ORDER
    assert {r["志愿服务队"] for r in records} == {"秦州区市场监管所"}
    assert {r["志愿服务队"] for r in _rows(book["汇总 Summary"])} == {"秦州区市场监管所"}


async def test_every_correction_is_kept_in_order_with_who_and_when(harness: Harness) -> None:
    _programme(harness)

    book = _open(await harness.person(COORDINATOR).send("/export 2026-12"))

    sheet = book["明细 Records"]
    records = {r["志愿者"]: r for r in _rows(sheet)}
    assert records["王磊"]["修正记录"] == (
        "2026-12-03 14:00 王芳：忘记签到，现场核实\n2026-12-03 16:30 王芳：提前半小时离岗"
    )
    assert records["王磊"]["服务时长（分钟）"] == 90
    assert records["陈静"]["修正记录"] is None
    header = [cell.value for cell in sheet[HEADER]]
    line = 1 + HEADER + PINYIN_ORDER.index("王磊")
    assert sheet.cell(line, header.index("修正记录") + 1).alignment.wrap_text


async def test_without_an_organisation_the_title_has_a_default_and_english_reads_english(
    harness: Harness,
) -> None:
    _programme(harness)
    harness.given_registered(COORDINATOR, language="en", role=Role.COORDINATOR)

    sent = await harness.person(COORDINATOR).send("/export 2026")

    assert sent.document is not None
    assert sent.document["file_name"] == "service-hours-2026.xlsx"
    summary = _open(sent)["汇总 Summary"]
    assert summary["A1"].value == "Volunteer service team · Service hours"
    assert str(summary["A2"].value).startswith("Unit: 秦州区市场监管所")


async def test_records_of_no_team_count_for_the_organisation(harness: Harness) -> None:
    _programme(harness, in_team=False)

    book = _open(await harness.person(COORDINATOR).send("/export 2026-12"))

    records = book["明细 Records"]
    assert str(records["A2"].value).startswith("单位：志愿服务队　　")  # the default organisation
    assert {r["志愿服务队"] for r in _rows(records)} == {"志愿服务队"}
