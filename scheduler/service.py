"""APScheduler 3 in the bot's event loop: the jobs of ``scheduler.jobs``, started and stopped with
the application, with explicit time zone and job defaults (coalesce, one instance, misfire grace).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime
from typing import Any

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from scheduler.deps import JobDeps
from scheduler.jobs import DISPATCH, JobSpec

log = logging.getLogger(__name__)

JOB_DEFAULTS = {"coalesce": True, "max_instances": 1, "misfire_grace_time": 60}


class SchedulerService:
    """Owns the ``AsyncIOScheduler``; ``kick()`` runs dispatch now; ``run_all_now()`` runs every job."""

    def __init__(self, deps: JobDeps, jobs: Sequence[JobSpec]) -> None:
        self.deps = deps
        self.jobs = list(jobs)
        self.scheduler: Any = None
        self.running: set[str] = set()

    def start(self) -> None:
        """Create the scheduler in the running event loop and add every job under its id."""
        zone = self.deps.settings.zone
        self.scheduler = AsyncIOScheduler(timezone=zone, job_defaults=JOB_DEFAULTS)
        for spec in self.jobs:
            extra: dict[str, Any] = dict(spec.options)
            if spec.at_start:
                # APScheduler's triggers run on the wall clock (the domain's clock is injected
                # into the jobs instead): "now" here means run as soon as the scheduler starts.
                extra["next_run_time"] = datetime.now(zone)
            self.scheduler.add_job(
                self._runner(spec),
                trigger=spec.trigger(self.deps.settings),
                id=spec.id,
                name=spec.id,
                replace_existing=True,
                misfire_grace_time=int(spec.misfire_grace.total_seconds()),
                **extra,
            )
        self.scheduler.start()
        log.info("scheduler started with jobs %s", [spec.id for spec in self.jobs])

    async def stop(self) -> None:
        """Stop the jobs; a drain under way ends cleanly first (its claims handed back)."""
        await self.deps.dispatcher.stop()
        self.shutdown()

    def shutdown(self) -> None:
        if self.scheduler is not None and self.scheduler.running:
            self.scheduler.shutdown(wait=False)
        self.scheduler = None

    def _runner(self, spec: JobSpec) -> Callable[[], Awaitable[object]]:
        async def run() -> object:
            self.running.add(spec.id)
            try:
                result = await spec.run(self.deps)
            except Exception:
                log.exception("job %s failed; it runs again at its next time", spec.id)
                return None
            finally:
                self.running.discard(spec.id)
            if spec.kicks:
                self.kick()
            return result

        run.__name__ = f"job_{spec.id}"
        return run

    def kick(self) -> None:
        """Make dispatch run now (or, if it is running, look once more before it ends)."""
        self.deps.dispatcher.wake()
        if self.scheduler is None or DISPATCH in self.running:
            return
        job = self.scheduler.get_job(DISPATCH)
        if job is not None:
            job.modify(next_run_time=datetime.now(self.deps.settings.zone))

    async def run_all_now(self) -> dict[str, object]:
        """Run every job once, now, in order, dispatch last (the demo's clock control uses this)."""
        results: dict[str, object] = {}
        ordered = [s for s in self.jobs if s.id != DISPATCH] + [
            s for s in self.jobs if s.id == DISPATCH
        ]
        for spec in ordered:
            if spec.id == DISPATCH:
                # Wait for a drain under way, then drain again: what is due now is sent on return.
                results[spec.id] = await self.deps.dispatcher.drain()
            else:
                results[spec.id] = await spec.run(self.deps)
        return results
