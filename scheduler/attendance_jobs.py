"""Timed attendance work: close shifts whose grace period is over, owe the morning digests.

Both are safe to run in every process at once: closing claims each shift with a conditional
update, and a digest is unique per coordinator and local day.
"""

from __future__ import annotations

from data.attendance_close import close_shift_attendance, shifts_to_close
from data.digest import queue_digests as owe_digests
from scheduler.deps import JobDeps

PAGE = 200


async def close_attendance(deps: JobDeps) -> int:
    """Close every shift that is due, each in its own transaction; returns how many this run closed."""
    closed = 0
    while True:
        now = deps.now()
        due = await deps.store.read(shifts_to_close, now=now, policy=deps.policy, limit=PAGE)
        won = 0
        for shift_id in due:
            won += await deps.store.run(
                close_shift_attendance, shift_id=shift_id, now=now, policy=deps.policy
            )
        closed += won
        # A full page may hide more (after a long outage); stop when it was short or won nothing.
        if len(due) < PAGE or won == 0:
            return closed


async def queue_digests(deps: JobDeps) -> int:
    """Owe today's digest to each coordinator with understaffed shifts (once per local day)."""
    settings = deps.settings
    return await deps.store.run(
        owe_digests, now=deps.now(), zone=settings.timezone, digest_time=settings.digest_time
    )
