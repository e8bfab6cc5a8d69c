"""Updates are handled concurrently, and each chat's in the order they came."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from telegram import CallbackQuery, Chat, Message, Update, User

from bot.app import CONCURRENT_UPDATES
from bot.runtime.ordering import ChatOrderedProcessor, order_key
from tests.harness import Harness
from tests.personas import EMMA, LILEI

WHEN = datetime(2026, 12, 1, tzinfo=UTC)


def message_in(chat_id: int, update_id: int) -> Update:
    user = User(abs(chat_id), "someone", is_bot=False)
    chat = Chat(chat_id, Chat.PRIVATE if chat_id > 0 else Chat.GROUP)
    return Update(update_id, message=Message(update_id, WHEN, chat, from_user=user, text="hi"))


async def test_two_updates_of_one_chat_run_in_order_while_another_chat_runs_meanwhile() -> None:
    processor = ChatOrderedProcessor(running=4)
    log: list[str] = []
    first_may_end, other_chat_done = asyncio.Event(), asyncio.Event()

    async def slow_first() -> None:
        log.append("A1 starts")
        await first_may_end.wait()
        log.append("A1 ends")

    async def second() -> None:
        log.append("A2")

    async def other_chat() -> None:
        log.append("B")
        other_chat_done.set()

    tasks = [
        asyncio.create_task(processor.process_update(message_in(7, 1), slow_first())),
        asyncio.create_task(processor.process_update(message_in(7, 2), second())),
        asyncio.create_task(processor.process_update(message_in(8, 3), other_chat())),
    ]
    await other_chat_done.wait()  # B ran to its end while A1 was still held up
    first_may_end.set()
    await asyncio.gather(*tasks)
    assert log == ["A1 starts", "B", "A1 ends", "A2"]
    assert processor.waiting_chats() == 0


async def test_at_most_the_running_limit_run_at_once() -> None:
    processor = ChatOrderedProcessor(running=2)
    running, most = 0, 0
    go, two_running = asyncio.Event(), asyncio.Event()

    async def work() -> None:
        nonlocal running, most
        running += 1
        most = max(most, running)
        if running == 2:
            two_running.set()
        await go.wait()
        running -= 1

    tasks = [
        asyncio.create_task(processor.process_update(message_in(chat, chat), work()))
        for chat in range(1, 6)
    ]
    await two_running.wait()
    go.set()
    await asyncio.gather(*tasks)
    assert most == 2


async def test_an_update_cancelled_while_it_waits_for_its_chat_lets_the_next_one_run() -> None:
    processor = ChatOrderedProcessor(running=4)
    release, log = asyncio.Event(), []

    async def blocker() -> None:
        await release.wait()
        log.append("first")

    async def record(name: str) -> None:
        log.append(name)

    first = asyncio.create_task(processor.process_update(message_in(7, 1), blocker()))
    doomed = asyncio.create_task(processor.process_update(message_in(7, 2), record("doomed")))
    last = asyncio.create_task(processor.process_update(message_in(7, 3), record("last")))
    await asyncio.sleep(0)
    doomed.cancel()
    release.set()
    await asyncio.gather(first, last)
    assert log == ["first", "last"]


def test_a_press_without_a_chat_is_ordered_with_its_users_private_chat() -> None:
    user = User(2001, "李雷", is_bot=False)
    press = Update(9, callback_query=CallbackQuery("q", user, "chat", inline_message_id="x"))
    assert order_key(press) == order_key(message_in(2001, 1)) == 2001
    assert order_key(object()) is None


async def test_the_bot_handles_a_chats_updates_in_order_through_its_queue(harness: Harness) -> None:
    """Through the Application's own update queue: replies arrive in the order people wrote."""
    app = harness.app
    assert isinstance(app.update_processor, ChatOrderedProcessor)
    assert app.update_processor.running == CONCURRENT_UPDATES
    lilei, emma = harness.person(LILEI), harness.person(EMMA)
    harness.given_registered(LILEI)
    harness.given_registered(EMMA, language="en")
    said = ("/shifts", "/help", "/my", "/help")
    expected = {}
    for person in (lilei, emma):  # one at a time first: the answers in their order
        expected[person.id] = [(await person.send(text)).text for text in said]
    marks = {person.id: person.mark() for person in (lilei, emma)}
    for text in said:
        for person in (lilei, emma):
            harness.api.user_sends(person.id, text)
    await app.start()
    try:
        while (raw := harness.api.next_update()) is not None:
            await app.update_queue.put(Update.de_json(raw, app.bot))
        await harness.api.wait_for(
            lambda: all(len(p.since(marks[p.id])) == len(said) for p in (lilei, emma))
        )
    finally:
        await app.stop()
    for person in (lilei, emma):
        assert [m.text for m in person.since(marks[person.id])] == expected[person.id]
    assert len(set(expected[lilei.id])) == 3, "the three commands answer differently"
