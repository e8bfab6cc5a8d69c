"""One report, built and written in a process of its own so its peak RSS is the report's.

bench/scale.py runs it as ``python -m bench.scale_report URL PERIOD MODE`` and reads the JSON it
prints. Modes: ``xlsxwriter`` (what the bot ships), ``openpyxl-stream`` (openpyxl write-only,
the same streamed build), ``baseline`` (the old build and openpyxl's normal mode),
``baseline-build`` (the old build alone).
"""

from __future__ import annotations

import json
import resource
import sys
import time
from datetime import UTC, datetime

from bench.baseline_report import old_report, old_workbook_bytes
from bench.sql_watch import Statements
from bench.xlsx_openpyxl_stream import write_only_bytes
from bot.handlers.staff.export import parse_period
from bot.i18n import translator
from bot.views.report_heading import heading_for
from bot.views.xlsx import workbook_bytes
from data.db import Store, make_engine
from data.reports import streamed_report

ACTOR = 1  # the seeded admin


def measure(url: str, text: str, mode: str) -> dict[str, object]:
    engine = make_engine(url)
    statements = Statements(engine)
    period, _ = parse_period(text), translator("zh")
    statements.recording = True
    began = time.perf_counter()
    with Store(engine).session(write=False) as session:
        if mode.startswith("baseline"):
            old = old_report(session, period)
            built = time.perf_counter()
            data = old_workbook_bytes(old, _) if mode == "baseline" else b""
            records = len(old.records)
        else:
            now = datetime.now(UTC)
            report = streamed_report(session=session, actor_id=ACTOR, period=period, now=now)
            built = time.perf_counter()  # the totals; the records stream while the file is written
            if mode == "xlsxwriter":
                heading = heading_for(
                    report, organisation=None, period=text, now=now, tz="Asia/Shanghai", _=_
                )
                data = workbook_bytes(report, heading, _)
            else:
                data = write_only_bytes(report, _)
            records = report.record_count
    done = time.perf_counter()
    statements.recording = False
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "period": text,
        "mode": mode,
        "records": records,
        "build_s": round(built - began, 2),
        "write_s": round(done - built, 2),
        "total_s": round(done - began, 2),
        "peak_rss_mb": round(peak),
        "file_mb": round(len(data) / 2**20, 1),
        "plans": statements.plans(3),
    }


if __name__ == "__main__":
    print(json.dumps(measure(*sys.argv[1:4]), ensure_ascii=False))
