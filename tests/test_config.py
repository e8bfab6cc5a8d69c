"""Configuration: defaults from the design, and one clear line for every bad value."""

from __future__ import annotations

import subprocess
import sys
from datetime import timedelta

import pytest

from data.config import ConfigError, load_settings, parse_duration


def test_defaults_follow_the_design(monkeypatch: pytest.MonkeyPatch, tmp_path: object) -> None:
    monkeypatch.chdir(tmp_path)  # type: ignore[arg-type]
    settings = load_settings()
    assert settings.database_url == "sqlite:///shiftbot.db"
    assert settings.timezone == "Asia/Shanghai"
    assert settings.reminder_offsets == [timedelta(hours=24), timedelta(hours=2)]
    assert settings.checkin_opens == timedelta(minutes=30)
    assert settings.default_language == "zh"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("90s", timedelta(seconds=90)),
        ("15m", timedelta(minutes=15)),
        ("2h", timedelta(hours=2)),
        ("1d", timedelta(days=1)),
    ],
)
def test_it_reads_durations(text: str, expected: timedelta) -> None:
    assert parse_duration(text) == expected


@pytest.mark.parametrize(
    ("variable", "value", "named"),
    [
        ("SHIFTBOT_REMINDER_OFFSETS", "24h,soon", "SHIFTBOT_REMINDER_OFFSETS"),
        ("SHIFTBOT_TIMEZONE", "Mars/Olympus", "SHIFTBOT_TIMEZONE"),
        ("SHIFTBOT_DEFAULT_LANGUAGE", "fr", "SHIFTBOT_DEFAULT_LANGUAGE"),
        ("SHIFTBOT_ADMINS", "12,abc", "SHIFTBOT_ADMINS"),
        ("SHIFTBOT_CHECKIN_OPENS", "half an hour", "SHIFTBOT_CHECKIN_OPENS"),
    ],
)
def test_a_bad_value_is_named_with_the_accepted_form(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str, named: str
) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(ConfigError) as caught:
        load_settings()
    assert named in str(caught.value)
    assert "expected" in str(caught.value)


def test_run_without_token_says_how_to_get_one_and_no_traceback(tmp_path: object) -> None:
    env = {"PATH": "/usr/bin:/bin", "SHIFTBOT_DATABASE_URL": f"sqlite:///{tmp_path}/x.db"}
    done = subprocess.run(
        [sys.executable, "-m", "bot.cli", "run"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=60,
    )
    assert done.returncode == 2
    assert "@BotFather" in done.stderr and "shiftbot demo" in done.stderr
    assert "Traceback" not in done.stderr


def test_bad_configuration_stops_start_up_in_one_line_per_variable(tmp_path: object) -> None:
    env = {"PATH": "/usr/bin:/bin", "SHIFTBOT_TOKEN": "1:x", "SHIFTBOT_ATTENDANCE_GRACE": "forever"}
    done = subprocess.run(
        [sys.executable, "-m", "bot.cli", "run"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=60,
    )
    assert done.returncode == 2
    assert "SHIFTBOT_ATTENDANCE_GRACE: expected a number with a unit" in done.stderr
    assert "Traceback" not in done.stderr


def test_admin_add_makes_an_admin_before_the_first_message(tmp_path: object) -> None:
    url = f"sqlite:///{tmp_path}/admin.db"
    env = {"PATH": "/usr/bin:/bin", "SHIFTBOT_DATABASE_URL": url}
    done = subprocess.run(
        [sys.executable, "-m", "bot.cli", "admin", "add", "4242"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    from data.db import Store, make_engine
    from data.volunteers import find_volunteer

    store = Store(make_engine(url))
    assert store.call(find_volunteer, ref="4242").role == "admin"
