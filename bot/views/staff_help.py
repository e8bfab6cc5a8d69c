"""A coordinator's /help: their commands grouped by the task at hand, one example per group
(volunteers get the plain list of theirs)."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from bot.i18n import N_, Gettext
from bot.menus import COMMANDS
from data.models import Role
from data.roles import ADMIN_ROLES, STAFF_ROLES


@dataclass(frozen=True)
class Task:
    title: str
    commands: tuple[str, ...]
    example: str  # a msgid (a title, a place differ by language); "": commands without arguments
    roles: tuple[Role, ...] = STAFF_ROLES


TASKS = (
    Task(
        N_("📝 Post a shift"),
        ("newshift",),
        N_("/newshift 2026-12-05 09:00-11:00 | Traffic civility duty | Minzhu Rd crossing | 6"),
    ),
    Task(N_("👥 Look after a shift"), ("roster", "editshift", "cancelshift"), N_("/roster 15")),
    Task(
        N_("🏮 Regular shifts and holidays"),
        ("series", "skip"),
        N_("/skip 3 2027-02-10..2027-02-17"),
    ),
    Task(N_("⏱ Service hours"), ("export",), N_("/export 2026-12")),
    Task(N_("🔑 Coordinators"), ("promote", "demote"), N_("/promote @lilei"), ADMIN_ROLES),
    Task(N_("🙋 My own shifts"), ("shifts", "my", "checkin", "checkout", "hours"), ""),
    Task(N_("⚙️ Settings and help"), ("settings", "help", "cancel"), ""),
)

DESCRIPTIONS = {c.name: c.description for c in COMMANDS}


def staff_help(role: Role, _: Gettext) -> str:
    """The groups this role may use: a heading, the commands, an example to copy."""
    blocks = [_("<b>What I can do</b>")]
    for task in TASKS:
        if role not in task.roles:
            continue
        lines = [f"<b>{escape(_(task.title))}</b>"]
        lines += [f"/{name} — {escape(_(DESCRIPTIONS[name]))}" for name in task.commands]
        if task.example:
            example = escape(_(task.example))
            lines.append(_("e.g. <code>{example}</code>").format(example=example))
        blocks.append("\n".join(lines))
    blocks.append(_("Tap the buttons under my messages to choose; /cancel stops any step."))
    return "\n\n".join(blocks)
