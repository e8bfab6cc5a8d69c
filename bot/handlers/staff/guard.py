"""The role guard every coordinator and admin handler passes: refused politely, and logged."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Coroutine
from typing import Any

from telegram import Update

from bot.context import ShiftContext
from bot.conversation import END
from bot.replies import refuse
from data.errors import NotAllowed
from data.roles import is_admin, may_coordinate

log = logging.getLogger(__name__)

Callback = Callable[[Update, ShiftContext], Coroutine[Any, Any, Any]]


async def require_staff(
    update: Update, context: ShiftContext, action: str, *, admin: bool = False
) -> bool:
    """Whether the sender may do ``action``; if not, refuse politely and log it.

    The role is the one the identify pre-handler read from the database for this very update, so
    a promotion or demotion counts from the next command or button press, even mid-conversation.
    """
    volunteer = context.volunteer
    if volunteer is not None:
        allowed = is_admin(volunteer) if admin else may_coordinate(volunteer)
        if allowed:
            return True
    user = update.effective_user
    log.warning(
        "refused %s to telegram id %s (role %s)",
        action,
        user.id if user else None,
        volunteer.role if volunteer else None,
    )
    await refuse(update, context, NotAllowed(action="admin" if admin else "coordinator"))
    return False


def staff_only(action: str, *, admin: bool = False) -> Callable[[Callback], Callback]:
    """Guard a handler with :func:`require_staff`; a refused step also ends its conversation."""

    def decorate(handler: Callback) -> Callback:
        @functools.wraps(handler)
        async def guarded(update: Update, context: ShiftContext) -> Any:
            if not await require_staff(update, context, action, admin=admin):
                return END
            return await handler(update, context)

        return guarded

    return decorate
