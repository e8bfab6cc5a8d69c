"""Benchmark the outbox dispatcher against the fake Bot API (prints figures; not a test).

1. Paced: ``--count`` due reminders (default 10,000: about 5.5 minutes) sent by a real bot process
   (``python -m bot.worker``, production settings) to a fake Telegram enforcing 30
   messages/s overall and 1/s per chat in real time. Prints messages/s as a
   fraction of 30 (target ≥ 0.95), lateness of the first and the median message, 429s (target 0).
2. Raw: the same count with limits off, unpaced, no AIORateLimiter: dispatch throughput (target
   ≥ 1,000 messages/s on 2 cores) and the bot's peak RSS.
3. Baseline in the same run: the naive dispatcher (one row per claim and per transaction, one send
   at a time: ``--batch 1 --concurrency 1``) on the raw fake.

The fake runs in this process, the bot in its own, so each has a core. Run from the repository
root: ``.venv/bin/python -m bench.dispatch [--count N] [--skip-paced]``.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import signal
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from data import outbox
from data.db import Store, make_engine
from data.migrations import upgrade
from data.models import Role
from data.shifts import ShiftDraft, create_shift
from data.volunteers import finish_registration, touch_volunteer
from demo.botapi import FakeBotAPI, RateLimits

ROOT = Path(__file__).resolve().parents[1]
PER_PERSON = 2  # reminders per volunteer (two shifts each), so per-chat pacing is exercised
FIRST_ID = 100_000


def seed(
    url: str,
    api: FakeBotAPI,
    count: int,
    *,
    per_person: int = PER_PERSON,
    starts_in: timedelta = timedelta(hours=3),
) -> datetime:
    """``count`` reminders due now, ``per_person`` to each volunteer, for shifts ``starts_in``
    ahead (one more hour each); returns the due instant."""
    now = datetime.now(UTC)
    engine = make_engine(url)
    with Store(engine).session() as session:
        head = touch_volunteer(
            session=session, telegram_id=1, chat_id=1, username=None, full_name="负责人", now=now
        )
        head.role = Role.COORDINATOR
        session.add(head)
        session.flush()
        assert head.id is not None
        api.add_user(1, "负责人")
        shifts = []
        for n in range(per_person):
            start = now + starts_in + timedelta(hours=n)
            draft = ShiftDraft(
                "文明交通劝导", "民主路口", start, start + timedelta(hours=1), 9, "Asia/Shanghai"
            )
            shifts.append(create_shift(session=session, actor_id=head.id, draft=draft, now=now))
        for n in range(count // per_person):
            person = touch_volunteer(
                session=session,
                telegram_id=FIRST_ID + n,
                chat_id=FIRST_ID + n,
                username=None,
                full_name=f"志愿者{n}",
                now=now,
            )
            assert person.id is not None
            finish_registration(session=session, volunteer_id=person.id)
            api.add_user(FIRST_ID + n, f"志愿者{n}")
            for shift in shifts:
                assert shift.id is not None
                outbox.owe(
                    session=session,
                    kind="reminder:2h",
                    recipient_id=person.id,
                    ref=str(shift.id),
                    due_at=now,
                    now=now,
                    shift_id=shift.id,
                )
    engine.dispose()
    return now


def fresh_database(folder: Path, name: str) -> str:
    url = f"sqlite:///{folder / name}.db"
    upgrade(url)
    return url


async def bot(api: FakeBotAPI, url: str, *args: str) -> asyncio.subprocess.Process:
    env = {
        **os.environ,
        "SHIFTBOT_TOKEN": api.token,
        "SHIFTBOT_API_BASE_URL": api.base_url,
        "SHIFTBOT_DATABASE_URL": url,
    }
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.worker", *args, cwd=ROOT, env=env,
        stdout=asyncio.subprocess.PIPE,
    )  # fmt: skip


async def figures_of(process: asyncio.subprocess.Process) -> dict[str, float]:
    out, _ = await process.communicate()
    found: dict[str, float] = json.loads(out.decode().strip().splitlines()[-1])
    return found


def sends(api: FakeBotAPI) -> list[tuple[float, int]]:
    """(instant, status) of each sendMessage to a volunteer (the coordinator's digest left out)."""
    return [
        (r.t, r.status)
        for r in api.requests
        if r.method == "sendMessage" and int(str(r.chat_id)) >= FIRST_ID
    ]


class Delivered:
    """Counts delivered reminders as the log grows (reading only the new entries each time)."""

    def __init__(self, api: FakeBotAPI) -> None:
        self.api, self.seen, self.count = api, 0, 0

    def __call__(self) -> int:
        for r in self.api.requests[self.seen :]:
            if r.method == "sendMessage" and r.status == 200 and int(str(r.chat_id)) >= FIRST_ID:
                self.count += 1
        self.seen = len(self.api.requests)
        return self.count


async def paced(folder: Path, count: int) -> None:
    api = FakeBotAPI(limits=RateLimits(per_second_global=30, per_chat_per_second=1.0))
    await api.start()
    url = fresh_database(folder, "paced")
    print(f"paced: seeding {count} reminders …", flush=True)
    seed(url, api, count)
    # The fake stamps each call when it handles it: its own collector pauses (100 ms with this
    # many objects) would bunch those stamps into bursts Telegram never saw, so it is off here.
    gc.collect()
    gc.disable()
    due = time.monotonic()  # the reminders became due when seeding finished
    process = await bot(api, url)
    delivered = Delivered(api)
    await api.wait_for(lambda: delivered() >= count, timeout=count)
    gc.enable()
    process.send_signal(signal.SIGTERM)
    figures = await figures_of(process)
    await api.stop()
    done = sorted(t for t, s in sends(api) if s == 200)
    rate = (len(done) - 1) / (done[-1] - done[0])
    print(
        f"paced: {len(done)} delivered; {rate:.2f} messages/s = {rate / 30:.3f} of 30 (target ≥ 0.95)"
    )
    print(
        f"paced: lateness after due: first {done[0] - due:.2f} s (includes bot start-up), "
        f"median {statistics.median(done) - due:.1f} s, last {done[-1] - due:.1f} s"
    )
    print(f"paced: 429s received: {sum(s == 429 for _, s in sends(api))} (target 0)")
    print(f"paced: bot peak RSS {figures['peak_rss_mb']} MB")


async def raw(folder: Path, name: str, count: int, *args: str) -> dict[str, float]:
    api = FakeBotAPI()
    await api.start()
    url = fresh_database(folder, name)
    seed(url, api, count)
    process = await bot(api, url, "--drain", "--unpaced", "--no-rate-limiter", *args)
    figures = await figures_of(process)
    await api.stop()
    assert sum(s == 200 for _, s in sends(api)) == count, "not every reminder was delivered"
    figures["rate"] = figures["sent"] / figures["seconds"]
    return figures


async def main(count: int, skip_paced: bool, baseline_count: int) -> None:
    print(f"{os.cpu_count()} CPU cores; Python {sys.version.split()[0]}")
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        fast = await raw(folder, "raw", count)
        print(
            f"raw: {int(fast['sent'])} sent in {fast['seconds']:.2f} s = {fast['rate']:.0f} messages/s "
            f"(target ≥ 1000); bot peak RSS {fast['peak_rss_mb']} MB"
        )
        naive = await raw(folder, "naive", baseline_count, "--batch=1", "--concurrency=1")
        print(
            f"baseline (one row per transaction, one send at a time): {naive['rate']:.0f} "
            f"messages/s over {int(naive['sent'])}; the dispatcher is {fast['rate'] / naive['rate']:.1f}× that"
        )
        if not skip_paced:
            await paced(folder, count)


def cli() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--count", type=int, default=10_000, help="reminders (default 10000)")
    parser.add_argument("--baseline-count", type=int, default=2_000)
    parser.add_argument("--skip-paced", action="store_true", help="only the raw figures")
    args = parser.parse_args()
    asyncio.run(main(args.count, args.skip_paced, min(args.baseline_count, args.count)))


if __name__ == "__main__":
    cli()
