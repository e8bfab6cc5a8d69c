"""One domain operation for the person behind an update: its result, or the refusal told to them.

Handlers call a rule in ``data/`` and, when it says no, tell the person why; this is that
try / except / refuse once, so a handler reads as what it does when the rule says yes. Domain
operations take the time as ``now`` and the timing rules as ``policy`` (keyword-only): those are
passed from the services to every operation that declares them, so a handler names only what the
person chose.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from functools import cache
from typing import Any, TypeVar

from telegram import Update

from bot.context import ShiftContext
from bot.replies import refuse
from data.errors import DomainError

T = TypeVar("T")


async def attempt(
    update: Update,
    context: ShiftContext,
    operation: Callable[..., T],
    /,
    *,
    in_place: bool = False,
    write: bool = True,
    **arguments: Any,
) -> T | None:
    """``operation(**arguments)`` in one transaction (a read one unless ``write``); None once
    refused and told.

    ``in_place``: a refusal replaces the card whose button was pressed (the press is answered
    first), instead of a toast or a message.
    """
    services = context.services
    asks = _asks_for(operation)
    if "now" in asks:
        arguments.setdefault("now", services.now())
    if "policy" in asks:
        arguments.setdefault("policy", services.policy)
    try:
        return await services.store.run(operation, write=write, **arguments)
    except DomainError as error:
        if in_place and update.callback_query is not None:
            await update.callback_query.answer()
        await refuse(update, context, error, in_place=in_place)
        return None


@cache
def _asks_for(operation: Callable[..., Any]) -> frozenset[str]:
    """Which of ``now`` and ``policy`` the operation takes."""
    return frozenset(inspect.signature(operation).parameters) & {"now", "policy"}
