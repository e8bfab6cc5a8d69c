"""Users doing things in Telegram: each action is stored and queued as a real Update."""

from __future__ import annotations

from typing import Any

from demo.botapi.files import store_upload
from demo.botapi.markup import callback_buttons
from demo.botapi.plain import utf16_len
from demo.botapi.shapes import message_dict
from demo.botapi.state import BotState, CallbackRecord, ChatLog, FakeUser, SentMessage


class UserSimulation(BotState):
    """The side of the fake that plays the users."""

    def add_user(
        self,
        user_id: int,
        first_name: str,
        *,
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = "zh-hans",
    ) -> FakeUser:
        """A user and their private chat with the bot (chat id == user id)."""
        if user_id <= 0:
            raise ValueError("user ids are positive")
        user = FakeUser(user_id, first_name, last_name, username, language_code)
        self.users[user_id] = user
        chat = {"id": user_id, "type": "private", "first_name": first_name}
        chat.update({k: v for k, v in (("last_name", last_name), ("username", username)) if v})
        self.chats.setdefault(user_id, ChatLog(chat=chat)).chat = chat
        return user

    def add_group(self, chat_id: int, title: str) -> None:
        """A basic group the bot is a member of."""
        if chat_id >= 0:
            raise ValueError("group ids are negative")
        self.chats[chat_id] = ChatLog(chat={"id": chat_id, "type": "group", "title": title})

    def chat(self, chat_id: int) -> ChatLog:
        """The log of a chat."""
        return self.chats[chat_id]

    def block(self, user_id: int) -> None:
        """The user blocks the bot: sends to them now answer 403."""
        self.chats[user_id].blocked = True

    def unblock(self, user_id: int) -> None:
        """The user unblocks the bot."""
        self.chats[user_id].blocked = False

    def next_update(self) -> dict[str, Any] | None:
        """Pop the oldest update not yet delivered (instead of polling)."""
        return self.updates.popleft() if self.updates else None

    def _user_and_chat(self, user_id: int, chat_id: int | None) -> tuple[FakeUser, ChatLog]:
        if user_id not in self.users:
            raise ValueError(f"unknown user {user_id}: call add_user first")
        log = self.chats.get(user_id if chat_id is None else chat_id)
        if log is None:
            raise ValueError(f"unknown chat {chat_id}: call add_group first")
        return self.users[user_id], log

    def _user_message(self, user_id: int, chat_id: int | None, **fields: Any) -> dict[str, Any]:
        _, log = self._user_and_chat(user_id, chat_id)
        if log.is_private:
            log.blocked = False  # writing to a blocked bot first unblocks it, as in the app
        message = self.new_message(log, from_bot=False, sender_id=user_id, **fields)
        return self.enqueue_update({"message": message_dict(self, message)})

    def user_sends(self, user_id: int, text: str, *, chat_id: int | None = None) -> dict[str, Any]:
        """The user sends ``text``; a leading /command gets its bot_command entity."""
        entities = []
        if text.startswith("/"):
            command = text.split(maxsplit=1)[0]
            entities.append({"type": "bot_command", "offset": 0, "length": utf16_len(command)})
        return self._user_message(user_id, chat_id, text=text, entities=entities)

    def user_shares_contact(
        self, user_id: int, phone_number: str, *, owner_id: int | None = None
    ) -> dict[str, Any]:
        """The user shares their own phone number (request_contact button), or with ``owner_id``
        the contact card of another user (from the attachment menu)."""
        user = self.users[owner_id if owner_id is not None else user_id]
        contact = {"phone_number": phone_number, "first_name": user.first_name, "user_id": user.id}
        if user.last_name:
            contact["last_name"] = user.last_name
        return self._user_message(user_id, None, contact=contact)

    def user_shares_location(
        self, user_id: int, latitude: float, longitude: float
    ) -> dict[str, Any]:
        """The user shares a location."""
        location = {"latitude": latitude, "longitude": longitude}
        return self._user_message(user_id, None, location=location)

    def user_sends_document(
        self, user_id: int, file_name: str, data: bytes, *, mime_type: str = "text/plain"
    ) -> dict[str, Any]:
        """The user sends a file; the bot can getFile and download it."""
        upload = {"file_name": file_name, "content_type": mime_type, "bytes": data}
        document = store_upload(self, upload, kind="document")
        return self._user_message(user_id, None, document=document)

    def user_presses(
        self,
        user_id: int,
        message_id: int,
        callback_data: str,
        *,
        chat_id: int | None = None,
        forge: bool = False,
    ) -> dict[str, Any]:
        """The user presses an inline button; ``forge`` sends data no button carries."""
        user, log = self._user_and_chat(user_id, chat_id)
        message = log.find(message_id)
        if message is None or not message.from_bot:
            raise ValueError(f"chat {log.id} has no bot message {message_id} to press on")
        if not forge and callback_data not in callback_buttons(message.reply_markup):
            raise ValueError(
                f"message {message_id} has no button with callback_data {callback_data!r}; "
                f"it has {sorted(callback_buttons(message.reply_markup))}"
            )
        query_id = self.serial()
        self.callback_queries[query_id] = CallbackRecord(created=self.clock(), chat_id=log.id)
        query = {
            "id": query_id,
            "from": user.to_dict(),
            "message": message_dict(self, message),
            "chat_instance": f"{log.id}{self.bot_id}",
            "data": callback_data,
        }
        return self.enqueue_update({"callback_query": query})

    def find_button(self, message: SentMessage, text: str) -> str:
        """callback_data of the button labelled ``text`` on ``message`` (test helper)."""
        for row in (message.reply_markup or {}).get("inline_keyboard", []):
            for button in row:
                if button["text"] == text and "callback_data" in button:
                    return str(button["callback_data"])
        raise LookupError(f"no button {text!r} on message {message.message_id}")
