"""The scheduler's jobs, declared once in code: a stable id, a trigger, and an async function.

Jobs hold no state: each run reads what is due from the database and acts on it, so a restart
loses nothing and every process may run them. ``JOBS`` is the one table of them; a feature's job
gets its line there, e.g.::

    JobSpec("close_attendance", domain_job(close_due), every(timedelta(minutes=1)))

``domain_job(fn)`` runs ``fn(session=…, now=…, policy=…)`` in one write transaction. A job that
owes messages (``kicks=True``, the default) has the dispatcher run right after it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from data.config import Settings
from data.dialogues import forget_idle
from scheduler import attendance_jobs, series_jobs
from scheduler.deps import JobDeps

JobFn = Callable[[JobDeps], Awaitable[object]]
TriggerFor = Callable[[Settings], Any]  # builds an APScheduler trigger from the settings


@dataclass(frozen=True)
class JobSpec:
    """One job: ``id`` is stable (APScheduler replaces a job of the same id, never doubles it)."""

    id: str
    run: JobFn
    trigger: TriggerFor
    misfire_grace: timedelta = timedelta(minutes=5)
    at_start: bool = True  # also run once as soon as the scheduler starts (catch up after a stop)
    kicks: bool = True  # it may owe messages: dispatch right after it
    options: dict[str, Any] = field(default_factory=dict)


def every(delta: timedelta) -> TriggerFor:
    """A fixed interval."""
    return lambda settings: IntervalTrigger(
        seconds=max(1, int(delta.total_seconds())), timezone=settings.zone
    )


def daily_at(get_time: Callable[[Settings], str]) -> TriggerFor:
    """Every day at a local ``HH:MM`` read from the settings (in the configured zone)."""

    def build(settings: Settings) -> CronTrigger:
        hour, minute = (int(p) for p in get_time(settings).split(":"))
        return CronTrigger(hour=hour, minute=minute, timezone=settings.zone)

    return build


def domain_job(fn: Callable[..., object], **extra: Any) -> JobFn:
    """A job that runs one domain function ``fn(session=, now=, policy=, **extra)`` in a transaction."""

    async def run(deps: JobDeps) -> object:
        return await deps.store.run(fn, now=deps.now(), policy=deps.policy, **extra)

    run.__name__ = getattr(fn, "__name__", "domain_job")
    return run


async def dispatch(deps: JobDeps) -> int:
    """Send every outbox row that is due; returns how many were sent.

    While a long drain is under way (10,000 reminders take minutes at Telegram's pace), the next
    tick only asks it to look once more before it ends, and returns.
    """
    if deps.dispatcher.busy:
        deps.dispatcher.wake()
        return 0
    return await deps.dispatcher.drain()


async def forget_idle_dialogues(deps: JobDeps) -> int:
    """Half-finished dialogues left longer than SHIFTBOT_CONVERSATION_IDLE are deleted."""
    return await deps.store.run(forget_idle, now=deps.now(), idle=deps.settings.conversation_idle)


DISPATCH = "dispatch"

JOBS: list[JobSpec] = [
    JobSpec(
        DISPATCH,
        dispatch,
        lambda settings: IntervalTrigger(
            seconds=max(1, int(settings.dispatch_interval.total_seconds())),
            timezone=settings.zone,
        ),
        misfire_grace=timedelta(seconds=30),
        kicks=False,
        # A second instance only wakes the running drain (see ``dispatch``): ticks during a long
        # drain are not "skipped" warnings, and two drains never overlap (the dispatcher's lock).
        options={"max_instances": 2},
    ),
    JobSpec("close_attendance", attendance_jobs.close_attendance, every(timedelta(minutes=1))),
    JobSpec(
        "queue_digests",
        attendance_jobs.queue_digests,
        daily_at(lambda settings: settings.digest_time),
        misfire_grace=timedelta(hours=6),
    ),
    JobSpec("materialise", series_jobs.materialise_series, every(timedelta(hours=1))),
    JobSpec("forget_idle_dialogues", forget_idle_dialogues, every(timedelta(hours=1)), kicks=False),
]
