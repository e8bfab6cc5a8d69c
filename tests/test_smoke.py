from __future__ import annotations

from tests.harness import Harness
from tests.personas import LILEI


async def test_it_answers_help_in_chinese(harness: Harness) -> None:
    harness.given_registered(LILEI)
    reply = await harness.person(LILEI).send("/help")
    assert "/shifts" in reply.text
