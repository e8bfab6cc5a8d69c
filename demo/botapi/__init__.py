"""A local fake of the Telegram Bot API, strict like Telegram, for tests and the offline demo.

Usage::

    api = FakeBotAPI()
    await api.start()
    app = (Application.builder().token(api.token).base_url(api.base_url)
           .base_file_url(api.base_file_url).build())
    api.add_user(1001, "Alice")
    api.user_sends(1001, "/start")
    await application.process_update(Update.de_json(api.next_update(), application.bot))

Updates go to whoever asks first: ``next_update()`` pops one, ``getUpdates`` (PTB polling)
returns and, with an offset, confirms them; use one style per test.

Where the fake differs from Telegram, on purpose:
- a bare ``&`` in HTML is refused (Telegram keeps it): it means a string skipped html.escape;
- parse_mode Markdown/MarkdownV2 is refused: shiftbot formats with HTML only;
- no webhooks are ever called, no inline mode, no URL downloads, methods outside the list
  in ``server.HANDLERS`` answer 400 "method ... is not implemented by the fake Bot API";
- limits (``RateLimits``) are off unless given, so interactive tests are not slowed.
"""

from __future__ import annotations

from demo.botapi.errors import ApiError
from demo.botapi.limits import RateLimits
from demo.botapi.server import FakeBotAPI
from demo.botapi.state import ChatLog, FakeUser, RequestRecord, SentMessage

__all__ = [
    "ApiError",
    "ChatLog",
    "FakeBotAPI",
    "FakeUser",
    "RateLimits",
    "RequestRecord",
    "SentMessage",
]
