"""Reminders survive the bot: a real bot process (``python -m bot.worker``) dispatches against a
fake Telegram served from this test; killed hard in the middle of 500 due reminders and started
again, it delivers every one, none twice beyond the sends in flight at the kill, stale ones never.
Killed with reminders claimed but unsent two minutes before their shift, it loses none of them.
Two processes sharing one PostgreSQL deliver every reminder exactly once.

Counted from the fake Bot API's request log. The processes use the real clock, so the reminders
are owed due a minute ago for shifts three hours ahead.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sys
from collections import Counter
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlmodel import col, select

from data import outbox
from data.db import Store, make_engine
from data.models import Outbox, Role
from demo.botapi import FakeBotAPI
from tests import domain_setup
from tests.personas import COORDINATOR, crowd, registered

ROOT = Path(__file__).resolve().parents[1]
CONCURRENCY = 8
# Every test here starts bot processes and kills or races them: seconds each.
pytestmark = pytest.mark.slow

LEASE_SECONDS = 2


def seed(
    url: str,
    api: FakeBotAPI,
    *,
    people: int,
    shifts: int,
    stale: int = 0,
    starts_in: timedelta = timedelta(hours=3),
    due_ago: timedelta = timedelta(minutes=1),
) -> int:
    """``people`` × ``shifts`` reminders due ``due_ago``, for shifts ``starts_in`` (one more hour
    each) from now, plus ``stale`` ones for a shift that has started."""
    now = datetime.now(UTC)
    engine = make_engine(url)
    with Store(engine).session() as session:
        head = registered(session=session, persona=COORDINATOR, now=now, role=Role.COORDINATOR)
        assert head.id is not None
        # Shifts are posted for the future, then the clock of the posting is taken back for the
        # stale one: it started ten minutes ago.
        ahead = [
            domain_setup.shift(session, head.id, now, starts_in=starts_in + timedelta(hours=n))
            for n in range(shifts)
        ]
        started = domain_setup.shift(
            session, head.id, now - timedelta(hours=1), starts_in=timedelta(minutes=50)
        )
        for n, volunteer in enumerate(crowd(people, first_id=50_000)):
            person = registered(session=session, persona=volunteer, now=now)
            api.add_user(volunteer.telegram_id, volunteer.first_name)
            assert person.id is not None
            owed = [*ahead, started] if n < stale else ahead
            for shift in owed:
                assert shift.id is not None
                outbox.owe(
                    session=session,
                    kind="reminder:2h",
                    recipient_id=person.id,
                    ref=str(shift.id),
                    due_at=now - due_ago,
                    now=now,
                    shift_id=shift.id,
                )
    engine.dispose()
    return people * shifts


STARTED: list[asyncio.subprocess.Process] = []


async def worker(
    api: FakeBotAPI,
    url: str,
    *,
    concurrency: int = CONCURRENCY,
    batch: int = 50,
    paced: bool = False,
    lease: float = LEASE_SECONDS,
) -> asyncio.subprocess.Process:
    """A bot process running the scheduler alone, unpaced unless ``paced`` (the fake enforces no
    limits here: pacing only sets how fast the bot sends)."""
    env = {
        **os.environ,
        "SHIFTBOT_TOKEN": api.token,
        "SHIFTBOT_API_BASE_URL": api.base_url,
        "SHIFTBOT_DATABASE_URL": url,
        "SHIFTBOT_DISPATCH_INTERVAL": "1s",
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot.worker",
        *([] if paced else ["--unpaced"]),
        "--no-rate-limiter",
        f"--concurrency={concurrency}",
        f"--batch={batch}",
        f"--lease={lease}",
        cwd=ROOT,
        env=env,
        stdout=asyncio.subprocess.PIPE,
    )
    STARTED.append(process)
    return process


async def stop(process: asyncio.subprocess.Process) -> dict[str, object]:
    """SIGTERM, then the process's own figures (sent count, peak RSS) from its last line."""
    process.send_signal(signal.SIGTERM)
    out, _ = await asyncio.wait_for(process.communicate(), 20)
    assert process.returncode == 0
    figures: dict[str, object] = json.loads(out.decode().strip().splitlines()[-1])
    return figures


def delivered(api: FakeBotAPI) -> Counter[tuple[object, str]]:
    """Each reminder delivered, with how many times (the coordinator's digest left out)."""
    return Counter(
        (r.chat_id, str(r.params["text"]))
        for r in api.requests
        if r.method == "sendMessage" and r.status == 200 and int(str(r.chat_id)) >= 50_000
    )


@pytest.fixture
async def api() -> AsyncIterator[FakeBotAPI]:
    fake = FakeBotAPI()
    await fake.start()
    yield fake
    for process in STARTED:  # a failed test leaves no bot behind
        if process.returncode is None:
            process.kill()
            await process.wait()
    STARTED.clear()
    await fake.stop()


def states(url: str) -> Counter[str]:
    """How the reminder rows ended (the coordinator's digest left out)."""
    engine = make_engine(url)
    with Store(engine).session() as session:
        rows = session.exec(select(Outbox).where(col(Outbox.kind).startswith("reminder"))).all()
        found = Counter(row.state for row in rows)
    engine.dispose()
    return found


async def test_a_bot_killed_mid_batch_delivers_every_reminder_once_after_restart(
    api: FakeBotAPI, db_url: str
) -> None:
    total = seed(db_url, api, people=250, shifts=2, stale=20)

    first = await worker(api, db_url)
    await api.wait_for(lambda: sum(delivered(api).values()) >= total // 2, timeout=30)
    first.send_signal(signal.SIGKILL)
    await first.wait()
    at_kill = sum(delivered(api).values())
    assert at_kill < total, "the kill came too late to land mid-batch"

    second = await worker(api, db_url)
    await api.wait_for(lambda: len(delivered(api)) >= total, timeout=30)
    await stop(second)

    counts = delivered(api)
    twice = sum(n - 1 for n in counts.values())
    assert len(counts) == total  # every reminder delivered, and no stale one
    assert twice <= CONCURRENCY, f"{twice} delivered twice"  # at most the sends in flight
    assert states(db_url) == {"sent": total, "skipped": 20}


async def test_reminders_claimed_but_unsent_at_a_kill_two_minutes_before_the_start_all_arrive(
    api: FakeBotAPI, db_url: str
) -> None:
    """Paced at 29 messages/s, the bot claims a few seconds of sending at a time; killed a second
    in, it leaves rows claimed. Their lease (3 s here, 30 s in production, renewed while the bot
    lives) runs out long before the shift starts, so the next bot sends them all."""
    total = seed(
        db_url, api, people=120, shifts=1, starts_in=timedelta(minutes=2), due_ago=timedelta(0)
    )

    first = await worker(api, db_url, paced=True, batch=200, lease=3)
    await api.wait_for(lambda: sum(delivered(api).values()) >= 25, timeout=30)
    first.send_signal(signal.SIGKILL)
    await first.wait()
    assert states(db_url)["claimed"] > 0, "the kill left no claim unsent"

    second = await worker(api, db_url, paced=True, batch=200, lease=3)
    await api.wait_for(lambda: len(delivered(api)) >= total, timeout=60)
    await stop(second)

    counts = delivered(api)
    twice = sum(n - 1 for n in counts.values())
    assert len(counts) == total  # none lost
    assert twice <= CONCURRENCY, f"{twice} delivered twice"  # one at most per send in flight
    assert states(db_url) == {"sent": total}


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
async def test_two_bots_sharing_postgresql_deliver_every_reminder_exactly_once(
    api: FakeBotAPI, db_url: str
) -> None:
    total = seed(db_url, api, people=400, shifts=2)

    # Small claims and few sends at a time, so that neither finishes before the other starts.
    bots = [await worker(api, db_url, concurrency=2, batch=10) for _ in range(2)]
    await api.wait_for(lambda: len(delivered(api)) >= total, timeout=30)
    figures = [await stop(bot) for bot in bots]

    counts = delivered(api)
    assert len(counts) == total
    assert set(counts.values()) == {1}
    shares = [int(str(f["sent"])) for f in figures]
    assert sum(shares) == total
    assert min(shares) > 0, f"one process did all the work: {shares}"
