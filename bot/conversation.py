"""Conversations whose step lives in the database, so any bot process can take the next one.

PTB's ``ConversationHandler`` keeps each person's state in the memory of one process: behind a
load balancer the second step of a wizard may reach another process, and a restart forgets every
half-finished one. A :class:`Flow` is declared like a ``ConversationHandler`` (entry points,
states, fallbacks; a step returns its next state, ``None`` to stay or :data:`END`), but its state
is a ``dialogue`` row (``data/dialogues.py``) that the identify pre-handler loads with the
volunteer, in the same transaction, once per update.

All flows sit in one :class:`Conversations` handler in a group of their own, before the
features' group: the first flow that takes an update runs it and stops the update there; an
update no flow takes goes on to the features, exactly as when each conversation was a handler of
that group (their handlers never overlap the features': commands of their own, their own buttons,
text and contacts only while a step waits for them).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from telegram import Update
from telegram.ext import Application, ApplicationHandlerStop, BaseHandler

from bot.context import ShiftContext
from bot.prompts import PROMPT, clear_buttons, watching
from data.dialogues import Place, claim_step, end_dialogue, save_place

log = logging.getLogger(__name__)

END = -1
"""What a step returns when its flow is over (the same value as ``ConversationHandler.END``)."""

Handlers = Sequence[BaseHandler[Update, Any, Any]]
Step = str | int
"""What a step returns: the name of the next step, or :data:`END`."""


@dataclass(frozen=True)
class Flow:
    """One conversation: how it starts, its steps by name, and what works at any step."""

    name: str
    entry_points: Handlers
    states: dict[str, Handlers]
    fallbacks: Handlers = ()

    def match(self, update: Update, place: Place | None) -> Match | None:
        """The handler that takes ``update`` at ``place`` (PTB's order: a new start wins)."""
        for handler in self.entry_points:
            check = handler.check_update(update)
            if check is not None and check is not False:
                return Match(self, handler, check, step=None)
        if place is None or place.step is None:
            return None
        for handler in [*self.states.get(place.step, ()), *self.fallbacks]:
            check = handler.check_update(update)
            if check is not None and check is not False:
                return Match(self, handler, check, step=place)
        return None


@dataclass(frozen=True)
class Match:
    """A flow's handler for an update; ``step`` is the place it continues (None: a new start)."""

    flow: Flow
    handler: BaseHandler[Update, Any, Any]
    check: object
    step: Place | None


class Conversations(BaseHandler[Update, ShiftContext, None]):
    """Every flow, tried in order; the one that takes an update handles it and stops it there."""

    def __init__(self, flows: Sequence[Flow]) -> None:
        super().__init__(self._never_called)
        self.flows = tuple(flows)
        self.by_name = {flow.name: flow for flow in self.flows}

    @staticmethod
    async def _never_called(update: Update, context: ShiftContext) -> None:
        raise AssertionError("Conversations dispatches to its flows' handlers")

    def check_update(self, update: object) -> bool:
        """Only someone writing or pressing can be in a dialogue; the flows decide the rest."""
        return (
            isinstance(update, Update)
            and update.effective_user is not None
            and update.effective_chat is not None
            and (update.message is not None or update.callback_query is not None)
        )

    def match(self, update: Update, context: ShiftContext) -> Match | None:
        # Someone in two dialogues at once (a wizard, then "change my name") answers the newer:
        # flows with a stored step first, newest first, then the rest in their declared order.
        live = [self.by_name[name] for name in context.places if name in self.by_name]
        for flow in live + [flow for flow in self.flows if flow.name not in context.places]:
            found = flow.match(update, context.places.get(flow.name))
            if found is not None:
                return found
        return None

    async def handle_update(
        self,
        update: Update,
        application: Application[Any, Any, Any, Any, Any, Any],
        check_result: object,
        context: ShiftContext,
    ) -> None:
        found = self.match(update, context)
        if found is None:
            return  # not a dialogue's: the features' group takes it
        if found.step is not None and not await _claim(update, context, found):
            log.info("step %s of %s already taken", found.step.step, found.flow.name)
            raise ApplicationHandlerStop
        asked_before = found.step.data.get(PROMPT) if found.step is not None else None
        with watching() as asked:
            new_state = await found.handler.handle_update(update, application, found.check, context)
        await _move(context, found, new_state)
        moved = (
            new_state is not None and found.step is not None and str(new_state) != found.step.step
        )
        if update.message is not None and asked_before and (asked or moved):
            # Answered by typing (or asked anew): the question's buttons would only be stale.
            await clear_buttons(context.bot, context.dialogue_key()[1], int(asked_before))
        if asked and new_state != END and (found.step is not None or new_state is not None):
            await context.keep_data(
                found.flow.name, {**context.recall_data(found.flow.name), PROMPT: asked[-1]}
            )
        raise ApplicationHandlerStop


async def _claim(update: Update, context: ShiftContext, found: Match) -> bool:
    """Whether this update won the step; the loser of a double press is told it is over."""
    assert found.step is not None
    key = context.dialogue_key()
    won = await context.services.store.run(
        claim_step,
        telegram_id=key[0],
        chat_id=key[1],
        name=found.flow.name,
        version=found.step.version,
        now=context.services.now(),
    )
    if not won and update.callback_query is not None:
        await update.callback_query.answer(
            context._("That step is already done. Answer my newest message."), show_alert=True
        )
    return bool(won)


async def _move(context: ShiftContext, found: Match, new_state: object) -> None:
    """Store where the flow is now: the next step, the same one (None), or the end."""
    name = found.flow.name
    telegram_id, chat_id = context.dialogue_key()
    store, now = context.services.store, context.services.now()
    if new_state == END:
        await store.run(end_dialogue, telegram_id=telegram_id, chat_id=chat_id, name=name)
        context.places.pop(name, None)
        return
    if new_state is None:
        if found.step is None:
            return  # an entry point that started nothing
        step = found.step.step
    else:
        step = str(new_state)
    await store.run(
        save_place, telegram_id=telegram_id, chat_id=chat_id, name=name, now=now, step=step
    )
    place = context.places.get(name)
    context.places[name] = Place(
        name, step, place.version if place else 0, place.data if place else {}
    )
