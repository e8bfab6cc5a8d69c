"""Configuration: every ``SHIFTBOT_*`` variable, read from the environment or a ``.env`` file."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BeforeValidator, Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

_DURATION = re.compile(r"^\s*(\d+)\s*([smhd])\s*$")
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days"}
DURATION_FORM = "a number with a unit s, m, h or d, e.g. 90s, 15m, 2h, 1d"


def parse_duration(text: str) -> timedelta:
    """Read ``90s``/``15m``/``2h``/``1d``; anything else is a ValueError naming the accepted form."""
    match = _DURATION.match(text)
    if not match:
        raise ValueError(f"expected {DURATION_FORM}, got {text!r}")
    amount, unit = match.groups()
    return timedelta(**{_UNITS[unit]: int(amount)})


def format_duration(delta: timedelta) -> str:
    """The inverse of :func:`parse_duration` for whole units (used in outbox kinds and logs)."""
    seconds = int(delta.total_seconds())
    for unit, size in (("h", 3600), ("m", 60)):
        if seconds and seconds % size == 0:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"


def _duration(value: object) -> object:
    return parse_duration(value) if isinstance(value, str) else value


def _duration_list(value: object) -> object:
    if isinstance(value, str):
        parts = [p for p in value.split(",") if p.strip()]
        return sorted((parse_duration(p) for p in parts), reverse=True)
    return value


def _id_list(value: object) -> object:
    if isinstance(value, str):
        try:
            return [int(p) for p in value.replace(" ", "").split(",") if p]
        except ValueError:
            raise ValueError("expected comma-separated Telegram user ids, e.g. 1001,1002") from None
    if isinstance(value, int):
        return [value]
    return value


Duration = Annotated[timedelta, BeforeValidator(_duration)]


class Settings(BaseSettings):
    """All configuration; names and defaults follow the design's table."""

    model_config = SettingsConfigDict(
        env_prefix="SHIFTBOT_", env_file=".env", extra="ignore", env_ignore_empty=True
    )

    token: str | None = None
    database_url: str = "sqlite:///shiftbot.db"
    api_base_url: str = "https://api.telegram.org/bot"
    timezone: str = "Asia/Shanghai"
    admins: Annotated[list[int], NoDecode, BeforeValidator(_id_list)] = Field(default_factory=list)
    default_language: str = "zh"
    # The organisation named in the title of exported workbooks (e.g. 天水市市场监督管理局).
    org_name: str | None = None
    reminder_offsets: Annotated[list[timedelta], NoDecode, BeforeValidator(_duration_list)] = Field(
        default_factory=lambda: [timedelta(hours=24), timedelta(hours=2)]
    )
    checkin_opens: Duration = timedelta(minutes=30)
    attendance_grace: Duration = timedelta(minutes=30)
    horizon: Duration = timedelta(weeks=8)
    digest_time: str = "07:30"
    dispatch_interval: Duration = timedelta(seconds=5)
    # A half-finished dialogue (a wizard, registration) left this long is over.
    conversation_idle: Duration = timedelta(days=1)
    # Webhook mode (several processes behind a load balancer); polling when the URL is empty.
    webhook_url: str | None = None
    webhook_secret: str | None = None
    webhook_listen: str = "127.0.0.1"
    webhook_port: int = 8443
    # Operations: /healthz and /metrics in polling mode (the webhook server always has them).
    status_port: int | None = None
    status_listen: str = "127.0.0.1"
    log_format: Literal["text", "json"] = "text"

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError("expected an IANA time zone such as Asia/Shanghai") from None
        return value

    @field_validator("default_language")
    @classmethod
    def _known_language(cls, value: str) -> str:
        value = value.strip().lower()
        if value not in ("zh", "en"):
            raise ValueError("expected zh or en")
        return value

    @field_validator("digest_time")
    @classmethod
    def _clock_time(cls, value: str) -> str:
        if not re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", value.strip()):
            raise ValueError("expected a 24-hour time HH:MM, e.g. 07:30")
        return value.strip()

    @field_validator("webhook_secret")
    @classmethod
    def _secret_form(cls, value: str | None) -> str | None:
        # Telegram's rule for secret_token: 1-256 characters A-Z, a-z, 0-9, _ and -.
        if value is not None and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", value):
            raise ValueError("expected 1-256 characters of A-Z, a-z, 0-9, _ and -")
        return value

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


class ConfigError(Exception):
    """A bad configuration value, explained in one line per variable."""


def load_settings(**overrides: object) -> Settings:
    """Build settings, turning pydantic's report into lines that name each ``SHIFTBOT_`` variable."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        lines = []
        for error in exc.errors():
            name = "SHIFTBOT_" + str(error["loc"][0]).upper() if error["loc"] else "SHIFTBOT_?"
            message = str(error["msg"]).removeprefix("Value error, ")
            lines.append(f"{name}: {message}")
        raise ConfigError("\n".join(lines)) from None
