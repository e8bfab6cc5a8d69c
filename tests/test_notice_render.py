"""Renderers are pure: a notice is made from its read model and a language, with no database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.i18n import translator
from bot.notices.draft import Draft
from bot.notices.renderers import RENDERERS
from data import outbox
from data.models import Outbox, Shift, Volunteer
from data.notice_facts import NoticeFacts

START = datetime(2026, 12, 4, 0, 0, tzinfo=UTC)


def test_a_reminder_is_rendered_from_its_facts_alone() -> None:
    shift = Shift(
        id=7,
        title="文明交通劝导",
        location="民主路口",
        starts_at=START,
        ends_at=START + timedelta(hours=2),
        tz="Asia/Shanghai",
        capacity=3,
        created_at=START,
    )
    lilei = Volunteer(id=1, telegram_id=11, chat_id=11, display_name="李雷", created_at=START)
    item = Outbox(
        id=5,
        kind="reminder:24h",
        recipient_id=1,
        shift_id=7,
        ref="7",
        due_at=START,
        created_at=START,
    )
    facts = NoticeFacts(item, lilei, {}, shifts={7: shift}, on_shift=[(1, "李雷"), (2, "韩梅梅")])
    notice = RENDERERS[outbox.REMINDER](Draft(facts, lilei, "en", translator("en")))
    assert notice is not None
    assert "Also on it: 韩梅梅" in notice.text
    assert "Fri 4 Dec 08:00–10:00" in notice.text
