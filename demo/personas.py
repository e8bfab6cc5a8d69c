"""The people of the demo: four a visitor can be, and a few more who fill the seeded shifts."""

from __future__ import annotations

from dataclasses import dataclass

from bot.i18n import N_


@dataclass(frozen=True)
class DemoPersona:
    """A Telegram user of the demo; ``role`` is a page label, the bot decides the real role."""

    telegram_id: int
    first_name: str
    last_name: str | None
    username: str
    language_code: str
    phone: str
    role: str
    registered: bool  # seeded as having finished /start (ignored with --empty)

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.first_name, self.last_name) if p)

    @property
    def language(self) -> str:
        return "en" if self.language_code.startswith("en") else "zh"


COORDINATOR = DemoPersona(
    1001, "王芳", None, "wangfang", "zh-hans", "+8613800001001", N_("Coordinator and admin"), True
)
LILEI = DemoPersona(2001, "李雷", None, "lilei", "zh-hans", "+8613800002001", N_("Volunteer"), True)
EMMA = DemoPersona(2002, "Emma", "Clark", "emma_c", "en", "+8613800002002", N_("Volunteer"), True)
NEWCOMER = DemoPersona(
    2003, "韩梅梅", None, "hanmeimei", "zh-hans", "+8613800002003", N_("New volunteer"), False
)

# The switcher shows these, coordinator first.
PERSONAS = (COORDINATOR, LILEI, EMMA, NEWCOMER)

# Volunteers nobody plays: they hold seats so the programme looks lived-in.
EXTRAS = tuple(
    DemoPersona(
        3001 + i, name, None, f"demo{3001 + i}", "zh-hans", f"+86138000030{i:02d}", "", True
    )
    for i, name in enumerate(("刘洋", "陈静", "杨帆", "周敏", "孙丽", "马超"))
)

# Where "share location" says the visitor is: a few steps from the 民主路口 crossing.
DEMO_LOCATION = (34.5812, 105.7246)


def persona(telegram_id: int) -> DemoPersona | None:
    """The switchable persona with this id, if any."""
    return next((p for p in PERSONAS if p.telegram_id == telegram_id), None)
