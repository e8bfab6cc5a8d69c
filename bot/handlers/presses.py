"""Reading a button press strictly: the arguments its action declares, or a clear "not valid"."""

from __future__ import annotations

import logging

from telegram import CallbackQuery, Update

from bot.actions import Action, BadCallback, decode
from bot.context import ShiftContext
from bot.refusals.buttons import StaleButton
from bot.replies import refuse

log = logging.getLogger(__name__)


def query_of(update: Update) -> CallbackQuery:
    query = update.callback_query
    assert query is not None, "a button handler got an update without a button press"
    return query


def read_press(update: Update, action: Action | None = None) -> tuple[int, ...]:
    """The press's arguments, checked against its action's declaration (and ``action``, if given).

    Raises :class:`StaleButton` (an ``InvalidInput``) for data we did not write, so a step that
    takes a press or a typed answer refuses both the same way.
    """
    data = query_of(update).data
    try:
        press = decode(data)
    except BadCallback:
        raise StaleButton(data) from None
    if action is not None and press.action is not action:
        raise StaleButton(data)
    return press.args


async def pressed(
    update: Update, context: ShiftContext, action: Action | None = None
) -> tuple[int, ...] | None:
    """The press's arguments; for data we did not write, an alert and ``None``: the caller then
    changes nothing."""
    try:
        return read_press(update, action)
    except StaleButton as error:
        query = query_of(update)
        log.warning("malformed callback data %r from user %s", query.data, query.from_user.id)
        await refuse(update, context, error)
        return None
