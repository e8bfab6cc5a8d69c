"""Rolling regular shifts forward: each due series materialised up to ``now + horizon``.

Safe in every process at once: each series is materialised in its own transaction under its row
lock, and an occurrence is an insert that does nothing when it exists already.
"""

from __future__ import annotations

from data.materialise import due_series_ids, materialise
from scheduler.deps import JobDeps


async def materialise_series(deps: JobDeps) -> int:
    """Create the occurrences that came inside the horizon; returns how many were created."""
    now = deps.now()
    due = await deps.store.read(due_series_ids, now=now, policy=deps.policy)
    created = 0
    for series_id in due:
        result = await deps.store.run(
            materialise,
            series_id=series_id,
            until_utc=now + deps.policy.horizon,
            now=now,
            policy=deps.policy,
        )
        created += len(result.created)
    return created
