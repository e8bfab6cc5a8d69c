"""Guards that stop an update before any feature sees it: edited messages, commands in groups."""

from __future__ import annotations

import html

from telegram import Update
from telegram.ext import ApplicationHandlerStop

from bot.context import ShiftContext
from bot.replies import reply


async def private_only(update: Update, context: ShiftContext) -> None:
    """Commands belong in the private chat with the bot; in a group, say so once and stop."""
    _ = context._
    bot_name = context.bot.username
    await reply(
        update,
        _("Please use me in a private chat: open @{bot} and send the command there.").format(
            bot=html.escape(bot_name)
        ),
    )
    raise ApplicationHandlerStop


async def ignore_edit(update: Update, context: ShiftContext) -> None:
    """An edited message is not a new command or answer: re-running it would post a shift twice."""
    raise ApplicationHandlerStop
