"""A typed ``CallbackContext``: handlers read services, the acting volunteer and their language."""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel
from telegram.ext import Application, CallbackContext, ExtBot

from bot.i18n import Gettext, translator
from bot.prompts import PROMPT
from bot.services import Services
from data.dialogues import Place, end_dialogue, save_place
from data.models import Volunteer

SERVICES_KEY = "services"
M = TypeVar("M", bound=BaseModel)


class ShiftContext(CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], dict[Any, Any]]):
    """Per update: ``volunteer``, ``language`` and ``places`` are set by the identify pre-handler.

    ``places`` are this person's dialogues in this chat as stored in the database (see
    ``bot/conversation.py``); ``recall`` / ``keep`` / ``forget`` read and write their answers as
    typed models, so nothing a later step needs lives in this process's memory.
    """

    def __init__(
        self,
        application: Application[Any, Any, Any, Any, Any, Any],
        chat_id: int | None = None,
        user_id: int | None = None,
    ) -> None:
        super().__init__(application, chat_id=chat_id, user_id=user_id)
        self.volunteer: Volunteer | None = None
        self.language: str = "zh"
        self.places: dict[str, Place] = {}
        self.where: tuple[int, int] | None = None

    @property
    def services(self) -> Services:
        services = self.application.bot_data[SERVICES_KEY]
        assert isinstance(services, Services)
        return services

    @property
    def _(self) -> Gettext:
        return translator(self.language)

    def me(self) -> Volunteer:
        """The acting volunteer; identity comes from the update, never from callback data or text."""
        if self.volunteer is None:
            raise RuntimeError("identify pre-handler did not run for this update")
        return self.volunteer

    @property
    def my_id(self) -> int:
        volunteer_id = self.me().id
        assert volunteer_id is not None
        return volunteer_id

    def dialogue_key(self) -> tuple[int, int]:
        """(Telegram user id, chat id) of this update: whose dialogues, and in which chat."""
        if self.where is None:
            raise RuntimeError("identify pre-handler did not run for this update")
        return self.where

    def recall(self, name: str, model: type[M]) -> M | None:
        """The answers kept under ``name``, or None when there are none (or they no longer fit)."""
        data = self.recall_data(name)
        if not data:
            return None
        try:
            return model.model_validate(data)
        except ValueError:  # kept by an older version of the flow: start it again
            return None

    async def keep(self, name: str, answers: BaseModel) -> None:
        """Store ``answers`` under ``name`` now; the step (if any) stays as it is."""
        await self.keep_data(name, answers.model_dump(mode="json"))

    def recall_data(self, name: str) -> dict[str, Any]:
        place = self.places.get(name)
        return dict(place.data) if place else {}

    async def keep_data(self, name: str, data: dict[str, Any]) -> None:
        """Store JSON-ready ``data`` under ``name`` now; the step (if any) stays as it is.
        The id of the step's open question (``bot.prompts.PROMPT``) stays with the answers."""
        kept = self.recall_data(name)
        if PROMPT in kept and PROMPT not in data:
            data = {**data, PROMPT: kept[PROMPT]}
        telegram_id, chat_id = self.dialogue_key()
        await self.services.store.run(
            save_place,
            telegram_id=telegram_id,
            chat_id=chat_id,
            name=name,
            now=self.services.now(),
            keep_step=True,
            data=data,
        )
        place = self.places.get(name)
        step, version = (place.step, place.version) if place else (None, 0)
        self.places[name] = Place(name, step, version, data)

    async def forget(self, name: str) -> None:
        """Drop what is kept under ``name`` (and the step of a flow of that name)."""
        telegram_id, chat_id = self.dialogue_key()
        await self.services.store.run(
            end_dialogue, telegram_id=telegram_id, chat_id=chat_id, name=name
        )
        self.places.pop(name, None)
