"""One try at sending a claimed row, and what each way of failing makes of it."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta

from data import dispatch
from data.clock import Clock
from data.db import Store
from data.dispatch import Outcome
from data.models import Outbox
from data.unreachable import move_chat
from scheduler.notifier import ChatMoved, Notifier, Obsolete, RecipientGone, Rejected, RetryLater
from scheduler.pacing import Pacer

log = logging.getLogger(__name__)

# A 429 or a network failure is retried in place this many times before going back to the table.
INLINE_RETRIES = 3
# A claim within this part of its lease of running out is handed back rather than sent: another
# process may take it any moment (renewals keep it far from that unless the database is away).
LEASE_MARGIN = 0.25


@dataclass
class Job:
    """A claimed row on its way out, with how often it was tried in this drain."""

    row: Outbox
    tries: int = 0
    moved: bool = False
    lost: bool = False  # its lease ran out and another claimer has it: not ours to send


async def attempt(
    notifier: Notifier,
    store: Store,
    clock: Clock,
    pacer: Pacer[Job],
    chat_id: int,
    job: Job,
    *,
    lease: timedelta,
) -> Outcome | None:
    """One try; None when the row went back into the queue for another, or is no longer ours."""
    row = job.row
    assert row.id is not None
    if job.lost:
        return None
    if row.claimed_until is not None and clock.now() >= row.claimed_until - lease * LEASE_MARGIN:
        return Outcome(row.id, row.recipient_id, dispatch.RELEASED)
    try:
        await notifier.deliver(row)
    except RetryLater as exc:
        job.tries += 1
        pacer.hold(chat_id, exc.retry_after)
        if job.tries <= INLINE_RETRIES:
            pacer.push(chat_id, job, front=True)
            return None
        retry_at = clock.now() + timedelta(seconds=exc.retry_after)
        return Outcome(row.id, row.recipient_id, dispatch.RETRY, str(exc), retry_at)
    except ChatMoved as exc:
        await store.run(move_chat, volunteer_id=row.recipient_id, chat_id=exc.chat_id)
        if job.moved:
            return Outcome(row.id, row.recipient_id, dispatch.FAILED, error=str(exc))
        job.moved = True
        pacer.push(chat_id, job, front=True)
        return None
    except Obsolete as exc:
        return Outcome(row.id, row.recipient_id, dispatch.SKIPPED, error=str(exc))
    except RecipientGone as exc:
        return Outcome(row.id, row.recipient_id, dispatch.GONE, error=str(exc))
    except Rejected as exc:
        log.warning("Telegram rejected outbox row %s (%s): %s", row.id, row.kind, exc)
        return Outcome(row.id, row.recipient_id, dispatch.FAILED, error=str(exc))
    return Outcome(row.id, row.recipient_id, dispatch.SENT)
