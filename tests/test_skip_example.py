"""/skip with nothing after it shows the form with a real regular shift of the coordinator's."""

from __future__ import annotations

from tests.harness import Harness
from tests.test_series_bot import coordinator


async def test_skip_alone_gives_an_example_with_their_own_regular_shift(harness: Harness) -> None:
    wang = coordinator(harness)
    await wang.send("/newshift 12-02 07:30-09:00 | 文明交通劝导 | 学校门口 | 3 | weekdays")

    mark = wang.mark()
    picker = await wang.send("/skip")
    form, _ = wang.since(mark)
    reply = form

    assert "R1" in str(picker.reply_markup)  # then a picker of their regular shifts
    assert "以您的常态化岗位 R1“文明交通劝导”（下次 12月2日 周三）为例" in reply.text
    assert "/skip R1 2026-12-02" in reply.text
    assert "/skip R1 2026-12-02..2026-12-09" in reply.text


async def test_skip_alone_in_english_and_without_regular_shifts_says_they_have_none(
    harness: Harness,
) -> None:
    wang = coordinator(harness, language="en")

    reply = await wang.send("/skip")

    assert "you have no regular shift with dates ahead" in reply.text
    await wang.send("/newshift 12-02 07:30-09:00 | Traffic civility | School gate | 3 | weekly")
    mark = wang.mark()
    await wang.send("/skip")
    reply = wang.since(mark)[0]
    assert "For your regular shift R1 (Traffic civility), next on Wed 2 Dec:" in reply.text
