"""Benchmark the store at a large bureau's scale (prints figures; not a test).

Seeds ``--volunteers`` (100k), ``--shifts`` (2,000) and ``--signups`` (1M) with attendance on
the Alembic-migrated schema (bench/scale_seed.py), then prints p50/p99 of the domain functions
behind /shifts, /my, /hours, sign-up, the dispatcher's claim and closing, and the month and year
reports with their XLSX, each report in a process of its own for its peak RSS, with the baseline
(the old build and openpyxl's normal mode, bench/baseline_report.py) and openpyxl's write-only
mode measured in the same run. Query plans are printed for anything over 20 ms.

SQLite by default (a scratch file); ``--postgres [URL]`` for PostgreSQL (default the test server;
a scratch database is created and dropped). Run from the repository root:
``.venv/bin/python -m bench.scale [--volunteers 10000 --signups 100000] [--postgres]``.
The full scale took 447 s on SQLite here (2 shared cores): seeding 127 s, the baseline reports
about 140 s; its output is bench/scale-sqlite-full.txt.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import make_url, text

from bench.scale_seed import NOW, ZONE, Scale, Seeded, seed
from bench.sql_watch import Statements
from data.attendance_close import close_shift_attendance
from data.db import Store, make_engine
from data.dispatch import claim_due
from data.errors import DomainError
from data.hours import hours_of
from data.migrations import upgrade
from data.policy import Policy
from data.signups import sign_up
from data.views import my_shifts, upcoming_shifts

ROOT = Path(__file__).resolve().parents[1]
TEST_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
SLOW_MS = 20.0
MONTH, YEAR = "2026-05", "2026"


def percentile(values: list[float], share: float) -> float:
    ranked = sorted(values)
    return ranked[min(len(ranked) - 1, int(share * len(ranked)))]


@contextmanager
def scratch_database(postgres: str | None) -> Iterator[str]:
    """A new empty database: a temporary SQLite file, or one created on the PostgreSQL server."""
    if postgres is None:
        with tempfile.TemporaryDirectory() as folder:
            yield f"sqlite:///{folder}/scale.db"
        return
    name = f"shiftbot_scale_{os.getpid()}"
    admin = make_engine(postgres, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(postgres).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def timed(
    store: Store, label: str, calls: list[Callable[[], Any]], statements: Statements
) -> dict[str, Any]:
    """p50/p99 of ``calls`` in ms; the statements of the first call are kept for the plans."""
    took = []
    for n, call in enumerate(calls):
        if n == 0:
            statements.seen.clear()
        statements.recording = n == 0
        began = time.perf_counter()
        with suppress(DomainError):  # a refusal (full, clash) is an answer too, timed as one
            call()
        took.append((time.perf_counter() - began) * 1000)
        statements.recording = False
    p50, p99 = percentile(took, 0.5), percentile(took, 0.99)
    plans = statements.plans(3) if p99 > SLOW_MS else []
    return {"what": label, "n": len(took), "p50_ms": p50, "p99_ms": p99, "plans": plans}


def domain_calls(store: Store, seeded: Seeded, repeat: int) -> dict[str, list[Callable[[], Any]]]:
    rand, policy = random.Random(5), Policy()
    people = [rand.choice(seeded.signed) for _ in range(repeat)]
    pages = [rand.randrange(0, 200, 5) for _ in range(repeat)]
    lease = timedelta(minutes=2)
    return {
        "/shifts (upcoming_shifts)": [
            lambda v=v, p=p: store.call(
                upcoming_shifts, now=NOW, viewer_id=v, offset=p, limit=5, write=False
            )
            for v, p in zip(people, pages, strict=True)
        ],
        "/my (my_shifts)": [
            lambda v=v: store.call(my_shifts, volunteer_id=v, now=NOW, write=False) for v in people
        ],
        "/hours (hours_of)": [
            lambda v=v: store.call(hours_of, volunteer_id=v, now=NOW, zone=ZONE, write=False)
            for v in people
        ],
        "sign-up (sign_up)": [
            lambda v=v: store.call(
                sign_up,
                volunteer_id=v,
                shift_id=rand.choice(seeded.future),
                now=NOW,
                policy=policy,
                waitlist_ok=True,
            )
            for v in seeded.spare[:repeat]
        ],
        "claim 200 due (claim_due)": [
            lambda: store.call(claim_due, now=NOW, lease=lease, limit=200)
        ]
        * min(repeat, 10),
        "closing a shift (close_shift_attendance)": [
            lambda s=s: store.call(close_shift_attendance, shift_id=s, now=NOW, policy=policy)
            for s in seeded.unclosed
        ],
    }


def report(url: str, period: str, mode: str) -> dict[str, Any]:
    """One report in a child process (its own peak RSS)."""
    out = subprocess.run(
        [sys.executable, "-m", "bench.scale_report", url, period, mode],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def print_plans(plans: list[dict[str, Any]]) -> None:
    for plan in plans:
        print(f"      {plan['ms']:.0f} ms: {plan['sql'][:160]}")
        for line in plan["plan"]:
            print(f"        {line}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--volunteers", type=int, default=100_000)
    parser.add_argument("--shifts", type=int, default=2_000)
    parser.add_argument("--signups", type=int, default=1_000_000)
    parser.add_argument("--postgres", nargs="?", const=TEST_SERVER, default=None, metavar="URL")
    parser.add_argument("--repeat", type=int, default=50, help="calls per domain function")
    parser.add_argument("--no-baseline", action="store_true", help="skip the old report build")
    parser.add_argument(
        "--year-baseline-write",
        action="store_true",
        help="also write the year with openpyxl's normal mode (GBs of memory, minutes)",
    )
    parser.add_argument(
        "--year-openpyxl", action="store_true", help="also the year in openpyxl's write-only mode"
    )
    args = parser.parse_args()
    scale = Scale(args.volunteers, args.shifts, args.signups)
    with scratch_database(args.postgres) as url:
        run(url, scale, args)


def run(url: str, scale: Scale, args: argparse.Namespace) -> None:
    kind = "PostgreSQL" if url.startswith("postgresql") else "SQLite"
    print(
        f"{kind}: {scale.volunteers:,} volunteers, {scale.shifts:,} shifts, {scale.signups:,} sign-ups"
    )
    began = time.perf_counter()
    upgrade(url)
    engine = make_engine(url)
    seeded = seed(engine, scale)
    rows = ", ".join(f"{table} {count:,}" for table, count in seeded.rows.items())
    print(f"seeded in {time.perf_counter() - began:.0f} s: {rows}")
    store, statements = Store(engine), Statements(engine)
    print(f"\n{'function':44} {'n':>4} {'p50 ms':>9} {'p99 ms':>9}")
    for label, calls in domain_calls(store, seeded, args.repeat).items():
        found = timed(store, label, calls, statements)
        print(f"{label:44} {found['n']:>4} {found['p50_ms']:>9.1f} {found['p99_ms']:>9.1f}")
        print_plans(found["plans"])
    engine.dispose()
    modes = [(MONTH, "xlsxwriter"), (MONTH, "openpyxl-stream"), (YEAR, "xlsxwriter")]
    if args.year_openpyxl:
        modes.append((YEAR, "openpyxl-stream"))
    if not args.no_baseline:
        modes += [
            (MONTH, "baseline"),
            (YEAR, "baseline" if args.year_baseline_write else "baseline-build"),
        ]
    print(
        f"\n{'report':22} {'records':>8} {'build s':>8} {'write s':>8} {'total s':>8} {'peak MB':>8} {'file MB':>8}"
    )
    for period, mode in modes:
        found = report(url, period, mode)
        name = f"{period} {mode}"
        print(
            f"{name:22} {found['records']:>8,} {found['build_s']:>8.2f} {found['write_s']:>8.2f} "
            f"{found['total_s']:>8.2f} {found['peak_rss_mb']:>8} {found['file_mb']:>8}"
        )
        if mode == "xlsxwriter" or mode.startswith("baseline"):
            print_plans(found["plans"])
    print(f"\nwhole run: {time.perf_counter() - began:.0f} s")


if __name__ == "__main__":
    main()
