"""The people every test talks about (healthchecks' alice/bob/charlie, in our programme).

- 陈主任 Chen (admin, from SHIFTBOT_ADMINS), 王芳 Wang Fang (a coordinator once promoted),
- 李雷 Li Lei and Emma Clark (volunteers; Emma uses English), and
- 赵强 Zhao Qiang, a volunteer who must be refused every coordinator action.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Persona:
    telegram_id: int
    first_name: str
    last_name: str | None
    username: str | None
    language_code: str


ADMIN = Persona(1000, "陈", "主任", "chen_admin", "zh-hans")
COORDINATOR = Persona(1001, "王芳", None, "wangfang", "zh-hans")
LILEI = Persona(2001, "李雷", None, "lilei", "zh-hans")
EMMA = Persona(2002, "Emma", "Clark", "emma_c", "en")
ZHAO = Persona(2003, "赵强", None, "zhaoqiang", "zh-hans")

EVERYONE = (ADMIN, COORDINATOR, LILEI, EMMA, ZHAO)
