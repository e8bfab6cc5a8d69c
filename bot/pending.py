"""Answers that wait for a confirmation button, kept in the database by shift number.

A reason typed with /cancelshift, or an edit of an occurrence, waits here until Yes / No or a
scope button is pressed; because it is stored, any bot process can take the press, and a restart
in between loses nothing.
"""

from __future__ import annotations

from typing import Generic, TypeVar

from pydantic import TypeAdapter
from telegram import Update

from bot.context import ShiftContext
from bot.handlers.presses import pressed, query_of
from bot.refusals.buttons import ConfirmationExpired
from bot.replies import refuse

T = TypeVar("T")


class Pending(Generic[T]):
    """Values of one kind waiting under ``name``, one per shift number."""

    def __init__(self, name: str, kind: type[T]) -> None:
        self.name = name
        self._adapter = TypeAdapter(kind)

    def peek(self, context: ShiftContext, shift_id: int) -> T | None:
        """The value waiting for this shift, left in place; None when none waits."""
        raw = context.recall_data(self.name).get(str(shift_id))
        return None if raw is None else self._adapter.validate_python(raw)

    async def hold(self, context: ShiftContext, shift_id: int, value: T) -> None:
        data = context.recall_data(self.name)
        data[str(shift_id)] = self._adapter.dump_python(value, mode="json")
        await context.keep_data(self.name, data)

    async def take(self, context: ShiftContext, shift_id: int) -> T | None:
        """The value waiting for this shift, removed; None when none waits."""
        value = self.peek(context, shift_id)
        if value is not None:
            await self.drop(context, shift_id)
        return value

    async def take_pressed(
        self, update: Update, context: ShiftContext, command: str
    ) -> tuple[int, T] | None:
        """The pressed button's shift number and the value waiting for it, removed; None once
        the press was refused, or the value expired (then ``command`` must be sent again)."""
        args = await pressed(update, context)
        if args is None:
            return None
        value = await self.take(context, args[0])
        if value is None:
            await refuse(
                update, context, ConfirmationExpired(action=self.name, command=command, id=args[0])
            )
            return None
        return args[0], value

    async def drop_pressed(self, update: Update, context: ShiftContext) -> int | None:
        """ "Keep it" / "Cancel": the pressed button's shift number, its value dropped and the
        press acknowledged; None once the press was refused."""
        args = await pressed(update, context)
        if args is None:
            return None
        await self.drop(context, args[0])
        await query_of(update).answer()
        return args[0]

    async def drop(self, context: ShiftContext, shift_id: int) -> None:
        data = context.recall_data(self.name)
        if data.pop(str(shift_id), None) is None:
            return
        if data:
            await context.keep_data(self.name, data)
        else:
            await context.forget(self.name)
