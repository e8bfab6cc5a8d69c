"""Type aliases for PTB generics used across the bot."""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import Application, BaseHandler

App = Application[Any, Any, Any, Any, Any, Any]
# Any handler the application adds (commands, buttons, conversations, pre-filters).
Handler = BaseHandler[Update, Any, Any]
