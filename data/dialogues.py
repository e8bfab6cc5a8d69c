"""Conversation state in the database: where each person is in a multi-step dialogue.

A dialogue is keyed by the Telegram user and chat it happens in and named for its flow
(``registration``, ``newshift``…). Its ``step`` is the flow's current state (None for data that
waits outside a flow, such as a pending reason), ``data`` the answers so far as JSON. Because
nothing is kept in one process's memory, any bot process may take the next step, and a restart
resumes where the person was.

Steps are claimed before they run: two presses of the same button reaching two processes at once
both read version 3, one moves it to 4 and goes on, the other is told the step is over.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import JSON, BigInteger, Column, UniqueConstraint, delete, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Field, Session, SQLModel, col, select

from data.types import UTCDateTime

MAX_NAME = 32


class Dialogue(SQLModel, table=True):
    """One person's place in one flow in one chat: step, answers (JSON), version, last change."""

    __table_args__ = (UniqueConstraint("telegram_id", "chat_id", "name"),)

    id: int | None = Field(default=None, primary_key=True)
    telegram_id: int = Field(sa_column=Column(BigInteger, nullable=False))
    chat_id: int = Field(sa_column=Column(BigInteger, nullable=False))
    name: str = Field(max_length=MAX_NAME)
    step: str | None = Field(default=None, max_length=MAX_NAME)
    data: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    version: int = 0
    updated_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))


@dataclass(frozen=True)
class Place:
    """A dialogue as read at the start of an update (a plain value, detached from any session)."""

    name: str
    step: str | None
    version: int
    data: dict[str, Any] = field(default_factory=dict)


def places_of(
    *, session: Session, telegram_id: int, chat_id: int, now: datetime, idle: timedelta
) -> dict[str, Place]:
    """Every live dialogue of this person in this chat, newest first; ones idle longer than
    ``idle`` are over.

    Read only (it runs on every update): an idle row is passed over here, overwritten when its
    flow starts again, and deleted by :func:`forget_idle` meanwhile.
    """
    rows = session.exec(
        select(Dialogue)
        .where(
            Dialogue.telegram_id == telegram_id,
            Dialogue.chat_id == chat_id,
            col(Dialogue.updated_at) >= now - idle,
        )
        .order_by(col(Dialogue.updated_at).desc())
    ).all()
    return {row.name: Place(row.name, row.step, row.version, dict(row.data)) for row in rows}


def forget_idle(*, session: Session, now: datetime, idle: timedelta) -> int:
    """Delete the dialogues idle longer than ``idle`` (a job's work); how many went."""
    result = session.execute(delete(Dialogue).where(col(Dialogue.updated_at) < now - idle))
    return int(result.rowcount)  # type: ignore[attr-defined]


def claim_step(
    *, session: Session, telegram_id: int, chat_id: int, name: str, version: int, now: datetime
) -> bool:
    """Take the step read at ``version``; False when another update took it first."""
    result = session.execute(
        update(Dialogue)
        .where(
            col(Dialogue.telegram_id) == telegram_id,
            col(Dialogue.chat_id) == chat_id,
            col(Dialogue.name) == name,
            col(Dialogue.version) == version,
        )
        .values(version=version + 1, updated_at=now)
    )
    return int(result.rowcount) == 1  # type: ignore[attr-defined]


def save_place(
    *,
    session: Session,
    telegram_id: int,
    chat_id: int,
    name: str,
    now: datetime,
    step: str | None = None,
    keep_step: bool = False,
    data: dict[str, Any] | None = None,
) -> None:
    """Write a dialogue's step and/or data (one upsert); what is not given keeps its value.

    ``keep_step`` leaves the step as stored (a handler saving answers mid-step); otherwise the
    step becomes ``step``.
    """
    values: dict[str, Any] = {"updated_at": now}
    if not keep_step:
        values["step"] = step
    if data is not None:
        values["data"] = data
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    statement = insert(Dialogue).values(
        telegram_id=telegram_id,
        chat_id=chat_id,
        name=name,
        step=values.get("step"),
        data=values.get("data", {}),
        version=0,
        updated_at=now,
    )
    statement = statement.on_conflict_do_update(
        index_elements=["telegram_id", "chat_id", "name"], set_=values
    )
    session.execute(statement)


def end_dialogue(*, session: Session, telegram_id: int, chat_id: int, name: str) -> None:
    """The flow is over: its step and its answers go."""
    session.execute(
        delete(Dialogue).where(
            col(Dialogue.telegram_id) == telegram_id,
            col(Dialogue.chat_id) == chat_id,
            col(Dialogue.name) == name,
        )
    )
