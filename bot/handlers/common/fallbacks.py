"""The catch-alls after every feature: /help, /cancel with nothing to cancel, a button nobody
took, and text nobody expected."""

from __future__ import annotations

import html
import logging

from telegram import Update

from bot.context import ShiftContext
from bot.menus import COMMANDS
from bot.refusals.buttons import StaleButton
from bot.replies import refuse, reply
from bot.views.keyboards import main_menu
from bot.views.staff_help import staff_help
from data.models import Role
from data.roles import STAFF_ROLES

log = logging.getLogger(__name__)


async def show_help(update: Update, context: ShiftContext) -> None:
    """/help: what each command does, for this user's role."""
    _ = context._
    role = context.volunteer.role if context.volunteer else Role.VOLUNTEER
    if role in STAFF_ROLES:  # many commands: grouped by task, an example each
        await reply(update, staff_help(role, _))
        return
    lines = [_("<b>What I can do</b>")]
    lines += [f"/{c.name} — {html.escape(_(c.description))}" for c in COMMANDS if role in c.roles]
    lines.append(_("Tap the buttons under my messages to choose; /cancel stops any step."))
    await reply(update, "\n".join(lines))


async def cancel_nothing(update: Update, context: ShiftContext) -> None:
    """/cancel outside any conversation."""
    await reply(update, context._("There is nothing to cancel. /help lists what I can do."))


async def stale_button(update: Update, context: ShiftContext) -> None:
    """A button no handler took: forged, from an older version, or from a finished conversation."""
    query = update.callback_query
    assert query is not None
    # Old buttons are pressed every day (a message scrolled back to); not a fault of ours.
    log.info("unhandled callback data %r from user %s", query.data, query.from_user.id)
    await refuse(update, context, StaleButton(query.data))


async def unknown_text(update: Update, context: ShiftContext) -> None:
    """Text nobody expected (e.g. typed where a button was offered): the hint with the main
    menu's buttons, so there is always something to tap."""
    _ = context._
    if context.volunteer is None:
        await reply(update, _("I did not understand that. Send /start to begin."))
        return
    await reply(
        update,
        _("I did not understand that. Choose below, or send /help to see the commands."),
        main_menu(_),
    )
