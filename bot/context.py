"""A typed ``CallbackContext``: handlers read services, the acting volunteer and their language."""

from __future__ import annotations

from typing import Any

from telegram.ext import Application, CallbackContext, ExtBot

from bot.i18n import Gettext, translator
from bot.services import Services
from data.models import Volunteer

SERVICES_KEY = "services"


class ShiftContext(CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], dict[Any, Any]]):
    """Per update: ``volunteer`` and ``language`` are set by the identify pre-handler (group -1)."""

    def __init__(
        self,
        application: Application[Any, Any, Any, Any, Any, Any],
        chat_id: int | None = None,
        user_id: int | None = None,
    ) -> None:
        super().__init__(application, chat_id=chat_id, user_id=user_id)
        self.volunteer: Volunteer | None = None
        self.language: str = "zh"

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
