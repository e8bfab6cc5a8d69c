"""Reading a volunteer's button press strictly: the right action shape, or a clear "not valid"."""

from __future__ import annotations

import logging

from telegram import CallbackQuery, Update

from bot.callbacks import BadCallback, decode
from bot.context import ShiftContext

log = logging.getLogger(__name__)


def query_of(update: Update) -> CallbackQuery:
    query = update.callback_query
    assert query is not None, "a button handler got an update without a button press"
    return query


ANY: int | None = None
"""A bound for an argument that only has to be a non-negative integer (an id, an offset)."""


async def pressed(
    update: Update, context: ShiftContext, *bounds: int | None
) -> tuple[int, ...] | None:
    """The press's integer arguments, one per bound: each ≥ 0 and below its bound (if any).

    Data we did not write (forged, damaged, from another version) gets an alert and ``None``:
    the caller then changes nothing.
    """
    query = query_of(update)
    try:
        args = decode(query.data).args
    except BadCallback:
        args = ()
    valid = len(args) == len(bounds) and all(
        arg >= 0 and (bound is None or arg < bound) for arg, bound in zip(args, bounds, strict=True)
    )
    if not valid:
        log.warning("malformed callback data %r from user %s", query.data, query.from_user.id)
        await query.answer(
            context._("This button is no longer valid. Send /help to start again."),
            show_alert=True,
        )
        return None
    return args
