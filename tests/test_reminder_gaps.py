"""After downtime, a volunteer whose 24 h and 2 h reminders are both due gets one, not two alike."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from data.models import Outbox
from tests.harness import Harness
from tests.personas import LILEI
from tests.test_reminders import STARTS_IN, post, reminders_to


async def test_only_the_newer_reminder_goes_out_when_both_fell_due_while_the_bot_was_down(
    harness: Harness,
) -> None:
    start = harness.clock.now()
    shift_id = post(harness)
    harness.given_signed_up(LILEI, shift_id)

    # The bot was down from before the 24 h moment until after the 2 h one.
    harness.clock.set(start + STARTS_IN - timedelta(hours=1))
    await harness.dispatch()

    assert len(reminders_to(harness, LILEI)) == 1
    with harness.store.session(write=False) as session:
        states = {
            o.kind: o.state for o in session.exec(select(Outbox).where(Outbox.shift_id == shift_id))
        }
    assert states["reminder:24h"] == "skipped"
    assert states["reminder:2h"] == "sent"


async def test_both_reminders_go_out_when_the_bot_was_up_at_each_moment(harness: Harness) -> None:
    start = harness.clock.now()
    shift_id = post(harness)
    harness.given_signed_up(LILEI, shift_id)
    harness.clock.set(start + STARTS_IN - timedelta(hours=24))
    await harness.dispatch()
    harness.clock.set(start + STARTS_IN - timedelta(hours=2))
    await harness.dispatch()
    assert len(reminders_to(harness, LILEI)) == 2
