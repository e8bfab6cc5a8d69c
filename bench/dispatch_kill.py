"""Benchmark: reminders lost at a kill -9 (prints figures; not a test).

120 reminders, one to each volunteer, due ``offset`` before their shift starts. A real bot process
(``python -m bot.worker``, paced to 29 messages/s) sends them to the fake Bot API; after 25 have
arrived it is killed with SIGKILL, leaving rows claimed but unsent, and a second bot is started at
once. Once the shift has started the figures are read back: reminders never delivered (lost),
delivered twice (duplicates), and how the rows ended.

Time is compressed ``--scale`` times (default 10) so a run takes seconds: the reminders are due
120 s / scale before the start, and each lease is its production length / scale.

- baseline: the lease of before (2 minutes, as long as the reminder's lead): the claims left by
  the kill come back only when the shift has started, and are skipped as stale. (Claims were then
  of a whole batch, 200 rows, not a few seconds of sending: the issue measured 90 of 120 lost;
  with today's smaller claims the same lease loses fewer, but still many.)
- now: the lease of now (30 s, renewed while sending): the claims come back within one lease and
  are all sent.

Run from the repository root: ``.venv/bin/python -m bench.dispatch_kill [--scale N]``; PostgreSQL
is measured too when it answers at ``SHIFTBOT_TEST_POSTGRES`` (as in the tests).
"""

from __future__ import annotations

import argparse
import asyncio
import signal
import tempfile
from collections import Counter
from datetime import timedelta
from pathlib import Path

from sqlmodel import col, select

from bench.databases import databases
from bench.dispatch import FIRST_ID, bot, figures_of, seed
from data.db import Store, make_engine
from data.models import Outbox
from demo.botapi import FakeBotAPI

COUNT = 120
OFFSET = timedelta(minutes=2)  # the reminder's lead over the shift's start
LEASES = {"baseline": timedelta(minutes=2), "now": timedelta(seconds=30)}
KILL_AFTER = 25
CONCURRENCY = 8


def delivered(api: FakeBotAPI) -> Counter[object]:
    return Counter(
        r.chat_id
        for r in api.requests
        if r.method == "sendMessage" and r.status == 200 and int(str(r.chat_id)) >= FIRST_ID
    )


def row_states(url: str) -> Counter[str]:
    engine = make_engine(url)
    with Store(engine).session() as session:
        rows = session.exec(select(Outbox).where(col(Outbox.kind).startswith("reminder"))).all()
        found = Counter(f"{r.state} ({r.last_error})" if r.last_error else r.state for r in rows)
    engine.dispose()
    return found


async def run(url: str, lease: timedelta, scale: float) -> str:
    api = FakeBotAPI()
    await api.start()
    offset = OFFSET / scale
    seed(url, api, COUNT, per_person=1, starts_in=offset)
    loop = asyncio.get_running_loop()
    starts = loop.time() + offset.total_seconds()
    args = ["--no-rate-limiter", f"--concurrency={CONCURRENCY}", "--batch=200"]
    args.append(f"--lease={lease.total_seconds() / scale}")
    first = await bot(api, url, *args)
    await api.wait_for(lambda: sum(delivered(api).values()) >= KILL_AFTER, timeout=60)
    first.send_signal(signal.SIGKILL)
    await first.wait()
    at_kill = row_states(url)["claimed"]
    back = loop.time() + lease.total_seconds() / scale  # when the claims left are due again
    second = await bot(api, url, *args)
    # Past the start a reminder can no longer arrive: whatever has not by then is lost. The bot
    # runs on until the claims left have come back, to show what became of them.
    await asyncio.sleep(max(starts, back) - loop.time() + 2.0)
    second.send_signal(signal.SIGTERM)
    await figures_of(second)
    await api.stop()
    counts = delivered(api)
    lost = COUNT - len(counts)
    twice = sum(n - 1 for n in counts.values())
    ended = ", ".join(f"{n} {state}" for state, n in sorted(row_states(url).items()))
    return (
        f"{lost} of {COUNT} lost, {twice} duplicates (bound: {CONCURRENCY} sends in flight); "
        f"{at_kill} claimed but unsent at the kill; rows: {ended}"
    )


async def main(scale: float) -> None:
    print(
        f"{COUNT} reminders due {OFFSET / scale} before the start (time compressed {scale:g}×); "
        f"bot killed after {KILL_AFTER} delivered, restarted at once"
    )
    with tempfile.TemporaryDirectory() as name, databases(Path(name)) as kinds:
        for kind, urls in kinds.items():
            for label, lease in LEASES.items():
                figures = await run(next(urls), lease, scale)
                print(f"{kind}, {label} (lease {lease} / {scale:g}): {figures}", flush=True)


def cli() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--scale", type=float, default=10.0, help="time compression (default 10)")
    asyncio.run(main(parser.parse_args().scale))


if __name__ == "__main__":
    cli()
