"""Benchmark the interactive path against the fake Bot API (prints figures; not a test).

1. Replies/s: ``--users`` registered volunteers (default 100) alternately send /shifts and /my,
   in a closed loop (send, wait for the reply, send again) and in an open loop (updates arriving
   at random, ``--rate`` per second, default 30). The bot runs as ``shiftbot run`` does (long
   polling, scheduler, rate limiter) in its own process; the fake and the users run here, so each
   side has a core. The baseline in the same run is a bare PTB echo bot (default builder, one
   handler) measured the same way. Prints both rates, the ratio and p50/p95/p99 reply latency.
2. First update: a new user's /start handled by the bot in this process (``process_update``),
   median over ``--new-users`` people; the baseline is the same /start from someone registered.

Run from the repository root: ``.venv/bin/python -m bench.interactive [--seconds S]``.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from telegram import Update

from bench.load import Figures, ObservedAPI, closed_loop, median_ms, open_loop
from data.db import Store, make_engine
from data.migrations import upgrade
from data.models import Role
from data.policy import Policy
from data.shifts import ShiftDraft, create_shift
from data.signups import sign_up
from data.volunteers import finish_registration, touch_volunteer

ROOT = Path(__file__).resolve().parents[1]
FIRST_ID = 100_000
SHIFTS = 12


def seed(url: str, api: ObservedAPI, users: int, first_id: int = FIRST_ID) -> list[int]:
    """A coordinator's ``SHIFTS`` upcoming shifts; ``users`` volunteers with two seats each."""
    now = datetime.now(UTC)
    policy = Policy()
    with Store(make_engine(url)).session() as session:
        head = touch_volunteer(
            session=session, telegram_id=1, chat_id=1, username=None, full_name="负责人", now=now
        )
        head.role = Role.COORDINATOR
        finish_registration(session=session, volunteer_id=_id(head.id))
        shifts = []
        for n in range(SHIFTS):
            start = now + timedelta(days=1 + n % 6, hours=n)
            draft = ShiftDraft(
                f"文明交通劝导{n}",
                "民主路口",
                start,
                start + timedelta(hours=2),
                500,
                "Asia/Shanghai",
            )
            shift = create_shift(session=session, actor_id=_id(head.id), draft=draft, now=now)
            shifts.append(_id(shift.id))
        ids = [first_id + n for n in range(users)]
        for n, telegram_id in enumerate(ids):
            person = touch_volunteer(
                session=session,
                telegram_id=telegram_id,
                chat_id=telegram_id,
                username=f"user{telegram_id}",
                full_name=f"志愿者{n}",
                now=now,
            )
            finish_registration(session=session, volunteer_id=_id(person.id))
            for shift_id in (shifts[n % SHIFTS], shifts[(n + 5) % SHIFTS]):
                sign_up(
                    session=session,
                    volunteer_id=_id(person.id),
                    shift_id=shift_id,
                    now=now,
                    policy=policy,
                )
    for telegram_id in ids:
        api.add_user(telegram_id, f"志愿者{telegram_id}", username=f"user{telegram_id}")
    return ids


def _id(value: int | None) -> int:
    assert value is not None
    return value


def say(user_id: int, n: int) -> str:
    return "/shifts" if (user_id + n) % 2 else "/my"


async def bot_process(
    api: ObservedAPI, folder: Path, *args: str, url: str = ""
) -> asyncio.subprocess.Process:
    env = {
        **os.environ,
        "SHIFTBOT_TOKEN": api.token,
        "SHIFTBOT_API_BASE_URL": api.base_url,
        "SHIFTBOT_DATABASE_URL": url,
    }
    log = (folder / f"{args[-1]}.log").open("ab")
    process = await asyncio.create_subprocess_exec(
        sys.executable, *args, cwd=ROOT, env=env, stdout=log, stderr=log
    )
    # Ready once it polls: the first getUpdates reaches the fake.
    await api.wait_for(lambda: api.polls_waiting > 0, timeout=60)
    return process


async def measure(
    api: ObservedAPI,
    users: list[int],
    process: asyncio.subprocess.Process,
    args: argparse.Namespace,
) -> tuple[Figures, Figures]:
    before = cpu_seconds(process.pid)
    closed = await closed_loop(api, users, say, seconds=args.seconds, warmup=args.warmup)
    closed.cpu = cpu_seconds(process.pid) - before
    await asyncio.sleep(0.5)
    arriving = await open_loop(api, users, say, rate=args.rate, seconds=args.seconds)
    process.send_signal(signal.SIGTERM)
    await process.wait()
    return closed, arriving


def cpu_seconds(pid: int | None) -> float:
    """User and system CPU the process has used so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


BOTS = {"echo": ("-m", "bench.echo_bot", "echo"), "shiftbot": ("-m", "bot.cli", "run")}


async def replies_per_second(folder: Path, args: argparse.Namespace) -> None:
    """Rounds of echo bot then shiftbot, each in a fresh process: other load on the machine
    comes and goes, and a ratio is only fair between measurements taken close together."""
    sides = {}
    for name in BOTS:
        api = ObservedAPI()
        await api.start()
        url = f"sqlite:///{folder / name}.db"
        upgrade(url)
        sides[name] = (api, url, seed(url, api, args.users))
    kinds = ("closed loop", f"open loop at {args.rate:g}/s")
    ratios: dict[str, list[float]] = {kind: [] for kind in kinds}
    for round_ in range(1, args.rounds + 1):
        results = {}
        for name, command in BOTS.items():
            api, url, users = sides[name]
            process = await bot_process(api, folder, *command, url=url)
            results[name] = await measure(api, users, process, args)
        for index, kind in enumerate(kinds):
            echo, ours = results["echo"][index], results["shiftbot"][index]
            ratios[kind].append(ours.rate / echo.rate)
            print(f"round {round_}, {kind}, {args.users} users:")
            print(f"  echo bot   {echo.line()}")
            print(f"  shiftbot   {ours.line()}")
            print(f"  ratio      {ratios[kind][-1]:.2f}× the echo bot's replies/s")
    for kind in kinds:
        found = ", ".join(f"{r:.2f}" for r in ratios[kind])
        print(f"{kind}: median ratio {statistics.median(ratios[kind]):.2f}× ({found})")
    for api, _, _ in sides.values():
        await api.stop()


async def first_updates(folder: Path, count: int) -> None:
    """Median time of ``process_update`` for a new user's /start, and a registered user's."""
    from bot.app import build_application, build_services
    from data.config import Settings

    api = ObservedAPI()
    await api.start()
    url = f"sqlite:///{folder / 'first'}.db"
    upgrade(url)
    registered = seed(url, api, count, first_id=FIRST_ID)
    newcomers = [FIRST_ID * 10 + n for n in range(count)]
    for telegram_id in newcomers:
        api.add_user(telegram_id, f"新人{telegram_id}", username=f"new{telegram_id}")
    settings = Settings(token=api.token, api_base_url=api.base_url, database_url=url)
    app = build_application(settings, build_services(settings), scheduler=False)
    await app.initialize()

    async def timed(telegram_id: int) -> float:
        api.user_sends(telegram_id, "/start")
        raw = api.next_update()
        assert raw is not None
        update = Update.de_json(raw, app.bot)
        started = time.perf_counter()
        await app.process_update(update)
        return time.perf_counter() - started

    for telegram_id in registered[:20]:  # warm up the imports, caches and connections
        await timed(telegram_id)
    new = [await timed(t) for t in newcomers]
    known = [await timed(t) for t in registered]
    await app.shutdown()
    await api.stop()
    print(f"first update (/start), median over {count}:")
    print(f"  a new user           {median_ms(new):6.1f} ms")
    print(f"  a registered user    {median_ms(known):6.1f} ms (baseline)")


async def main(args: argparse.Namespace) -> None:
    print(f"{os.cpu_count()} CPU cores; Python {sys.version.split()[0]}")
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        if not args.skip_replies:
            await replies_per_second(folder, args)
        await first_updates(folder, args.new_users)


def cli() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--seconds", type=float, default=6.0, help="each measurement")
    parser.add_argument("--warmup", type=float, default=2.0)
    parser.add_argument("--rounds", type=int, default=3, help="echo then shiftbot, this often")
    parser.add_argument("--rate", type=float, default=30.0, help="open-loop updates/s")
    parser.add_argument("--new-users", type=int, default=200)
    parser.add_argument("--skip-replies", action="store_true", help="only the first update")
    asyncio.run(main(parser.parse_args()))


if __name__ == "__main__":
    cli()
