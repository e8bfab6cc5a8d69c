"""The baseline of ``bench/interactive.py``: a bare PTB echo bot (default builder, one handler).

``python -m bench.echo_bot echo`` with SHIFTBOT_TOKEN and SHIFTBOT_API_BASE_URL set.
"""

from __future__ import annotations

import os

from telegram import Update
from telegram.ext import Application, ContextTypes, MessageHandler, filters


async def echo(update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.message is not None and update.message.text is not None
    await update.message.reply_text(update.message.text)


def main() -> None:
    app = (
        Application.builder()
        .token(os.environ["SHIFTBOT_TOKEN"])
        .base_url(os.environ["SHIFTBOT_API_BASE_URL"])
        .build()
    )
    app.add_handler(MessageHandler(filters.TEXT, echo))
    app.run_polling()


if __name__ == "__main__":
    main()
