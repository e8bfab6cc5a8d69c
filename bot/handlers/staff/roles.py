"""/promote and /demote: admins make volunteers coordinators and back, by name, @username or id.

``/promote 李`` (or ``/promote``, then the name typed) searches registered volunteers by the
name coordinators see; one match asks to confirm, several are offered as buttons that tell
namesakes apart. A button carries only the candidate's volunteer id: who pressed it comes from
the update, and every rule is checked again when it is pressed (``data/role_changes.py``).
"""

from __future__ import annotations

from html import escape

from pydantic import BaseModel
from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler, MessageHandler, filters

from bot.actions import Action
from bot.context import ShiftContext
from bot.conversation import END, Flow, Step
from bot.handlers.presses import pressed, query_of
from bot.handlers.staff.conversation import command_text
from bot.handlers.staff.guard import staff_only
from bot.handlers.staff.role_change import already, apply_role
from bot.replies import refuse, reply, show
from bot.types import Handler
from bot.views.people import PICK, candidate_label, confirm, pick_one
from data.errors import DomainError, NotFound
from data.models import Role
from data.people_search import LIMIT, NameMatches, find_by_name
from data.volunteers import find_volunteer

NAME = "name"
KEY = "roles"  # the flow's name: what was asked ends with it
ROLE_OF = {"promote": Role.COORDINATOR, "demote": Role.VOLUNTEER}


class Asked(BaseModel):
    """Which command is waiting for a typed name (kept in the database between steps)."""

    command: str


@staff_only("promote", admin=True)
async def promote(update: Update, context: ShiftContext) -> Step:
    """/promote [name, @username or id]: make a registered volunteer a coordinator."""
    return await begin(update, context, "promote")


@staff_only("demote", admin=True)
async def demote(update: Update, context: ShiftContext) -> Step:
    """/demote [name, @username or id]: make a coordinator a volunteer again."""
    return await begin(update, context, "demote")


async def begin(update: Update, context: ShiftContext, command: str) -> Step:
    """With a target, act on it; without, ask for the name."""
    ref = command_text(update)
    if ref:
        await act_on(update, context, ref, ROLE_OF[command])
        return END
    await context.keep(KEY, Asked(command=command))
    _ = context._
    if command == "promote":
        ask = _(
            "Who should become a coordinator? Send their name (or part of it), their @username or their Telegram id. /cancel stops."
        )
    else:
        ask = _(
            "Who should become a volunteer again? Send their name (or part of it), their @username or their Telegram id. /cancel stops."
        )
    await reply(update, ask)
    return NAME


@staff_only("promote/demote", admin=True)
async def got_name(update: Update, context: ShiftContext) -> Step | None:
    """The name typed after a bare /promote or /demote; a name nobody has: ask again."""
    asked = context.recall(KEY, Asked)
    message = update.effective_message
    if asked is None or asked.command not in ROLE_OF or message is None:
        return END
    found = await act_on(update, context, message.text or "", ROLE_OF[asked.command])
    return END if found else None


async def act_on(update: Update, context: ShiftContext, ref: str, role: Role) -> bool:
    """An id or @username changes the role now; a name is looked up. False: nobody found."""
    ref = ref.strip()
    try:
        if ref.startswith("@") or ref.lstrip("-").isdigit():
            target = await context.services.store.read(find_volunteer, ref=ref)
            assert target.id is not None
            await apply_role(update, context, target.id, role)
            return True
        matches = await context.services.store.read(find_by_name, text=ref)
        if not matches.candidates:
            raise NotFound(what="volunteer_name", ref=matches.text)
    except DomainError as error:
        await refuse(update, context, error)
        return False
    await offer(update, context, matches, role)
    return True


async def offer(update: Update, context: ShiftContext, matches: NameMatches, role: Role) -> None:
    """One match: confirm it. Several: a button each, and a note when there are more."""
    _ = context._
    if len(matches.candidates) == 1:
        who = escape(candidate_label(matches.candidates[0], _))
        if matches.candidates[0].role == role:  # nothing to confirm
            await reply(update, already(role, _).format(who=escape(matches.candidates[0].name)))
            return
        if role == Role.COORDINATOR:
            text = _("Make {who} a coordinator?").format(who=who)
        else:
            text = _("Make {who} a volunteer again?").format(who=who)
        await reply(update, text, confirm(matches.candidates[0], role, _))
        return
    count, name = len(matches.candidates), escape(matches.text)
    if role == Role.COORDINATOR:
        text = _.ngettext(
            "{count} volunteer's name contains “{name}”. Who should become a coordinator?",
            "{count} volunteers' names contain “{name}”. Who should become a coordinator?",
            count,
        )
    else:
        text = _.ngettext(
            "{count} volunteer's name contains “{name}”. Who should become a volunteer again?",
            "{count} volunteers' names contain “{name}”. Who should become a volunteer again?",
            count,
        )
    text = text.format(count=count, name=name)
    if matches.more:
        more = _("Only the first {limit} are shown: send more of the name to narrow the search.")
        text += "\n" + more.format(limit=LIMIT)
    await reply(update, text, pick_one(matches.candidates, role, _))


async def not_text(update: Update, context: ShiftContext) -> Step | None:
    """Something other than text where a name was expected."""
    await reply(update, context._("Please send the name as a text message, or /cancel."))
    return None


async def cancel(update: Update, context: ShiftContext) -> Step:
    """/cancel while a name is asked for: no role changes."""
    await reply(update, context._("Stopped; no role was changed."))
    return END


def _pick(command: str, role: Role) -> Handler:
    action = PICK[role]

    @staff_only(command, admin=True)
    async def pick(update: Update, context: ShiftContext) -> None:
        """A candidate's button: change their role if every rule still allows it."""
        args = await pressed(update, context, action)
        if args is not None:
            await apply_role(update, context, args[0], role)

    return CallbackQueryHandler(pick, pattern=action.pattern)


@staff_only("promote/demote", admin=True)
async def keep_roles(update: Update, context: ShiftContext) -> None:
    """Change nothing: the buttons go."""
    await query_of(update).answer()
    await show(update, context._("Nothing was changed."))


def handlers() -> list[Handler]:
    return [
        _pick("promote", Role.COORDINATOR),
        _pick("demote", Role.VOLUNTEER),
        CallbackQueryHandler(keep_roles, pattern=Action.ROLE_KEEP.pattern),
    ]


def flow() -> Flow:
    """/promote or /demote with a target, or with the name asked for."""
    return Flow(
        name=KEY,
        entry_points=[CommandHandler("promote", promote), CommandHandler("demote", demote)],
        states={
            NAME: [
                MessageHandler(filters.TEXT & ~filters.COMMAND, got_name),
                MessageHandler(~filters.TEXT & ~filters.COMMAND, not_text),
            ]
        },
        fallbacks=[CommandHandler("cancel", cancel)],
    )
