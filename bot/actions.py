"""Every button's callback action, declared once with its arguments; encoding, the handler's
pattern and the checked reading of a press all come from this declaration.

Callback data is ``1:<action>:<int>…``: short, versioned, never over Telegram's 64 bytes. It says
which button was pressed, never who pressed it: identity comes from the update. The action words
are those written into buttons already sitting in users' chats, so renaming one makes those
buttons stale.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from bot.i18n import LANGUAGES

VERSION = "1"
MAX_DIGITS = 12  # an id, an offset, a day number, minutes: every argument is 0 … 10¹² − 1
MAX_BYTES = 64  # Telegram's limit; longer data is refused as BUTTON_DATA_INVALID
ANY: int | None = None
"""An argument that only has to be a non-negative integer (an id, an offset, a value the
handler checks against the database or the domain)."""

_ARGUMENT = rf":\d{{1,{MAX_DIGITS}}}"
# \Z, not $: a $ would also take the data with a newline after it.
_DATA = re.compile(rf"^{VERSION}:([a-z]{{1,8}})((?:{_ARGUMENT})*)\Z")


class Action(StrEnum):
    """A button's action and, per argument, the bound it stays below (``ANY``: none)."""

    bounds: tuple[int | None, ...]

    def __new__(cls, value: str, *bounds: int | None) -> Action:
        member = str.__new__(cls, value)
        member._value_ = value
        member.bounds = bounds
        return member

    @classmethod
    def family(cls, prefix: str) -> tuple[Action, ...]:
        """The actions whose word starts with ``prefix``: a wizard's buttons share one."""
        return tuple(action for action in cls if action.value.startswith(prefix))

    # Registration, the main menu and settings (volunteers' actions start with v).
    CHOOSE_LANGUAGE = "vlang", len(LANGUAGES)
    USE_TELEGRAM_NAME = "vname"
    MENU = "vmenu", 3  # open shifts, my shifts, settings (views.keyboards.MENU_*)
    SETTING = "vset", 2, 2  # language (index) or reminders (off/on) (views.keyboards.SET_*)
    ASK_NAME = "vsname"  # /settings: type a new name
    ASK_PHONE = "vsphone"  # /settings: share the phone again, or remove it
    # /shifts and /my: offset is the list page the card was opened from.
    SHIFT_PAGE = "vlist", ANY  # offset
    SHIFT_CARD = "vcard", ANY, ANY  # shift, offset
    SIGN_UP = "vsign", ANY, ANY  # shift, offset
    JOIN_WAITLIST = "vwait", ANY, ANY  # shift, offset
    ASK_CANCEL = "vask", ANY, 2, ANY  # shift, asked from card or /my, offset
    CANCEL_PLACE = "vyes", ANY, 2, ANY
    KEEP_PLACE = "vkeep", ANY, 2, ANY
    # The answers under a reminder.
    COMING = "remok", ANY  # shift
    NOT_COMING = "remout", ANY, 2  # shift, ask first or release for real
    # Standing sign-ups: on an occurrence's card and in /my.
    STAND = "srstand", ANY, ANY  # shift, offset
    ASK_SKIP = "srskip", ANY  # shift
    SKIP = "srskipy", ANY  # shift
    ASK_END = "srend", ANY  # series
    END_STANDING = "srendy", ANY  # series
    BACK_TO_MINE = "srback"
    # An occurrence's edit or cancellation: this one only, or this and all following.
    EDIT_ONE = "srone", ANY  # shift
    EDIT_FOLLOWING = "srall", ANY
    EDIT_NONE = "srnone", ANY
    CANCEL_ONE = "srcone", ANY
    CANCEL_FOLLOWING = "srcall", ANY
    CANCEL_NONE = "srckeep", ANY
    # The /newshift wizard: days are ordinals, times minutes after midnight (the domain checks).
    NEW_DAY = "nsday", ANY
    NEW_TIME = "nstime", ANY, ANY  # start, end
    NEW_PLACE = "nsloc", ANY  # index among the recent places
    NEW_CAPACITY = "nscap", ANY
    NEW_POST = "nspost"
    NEW_QUIT = "nsquit"
    NEW_REPEAT = "nsrep"
    NEW_REPEAT_PICK = "nsrpk", 6  # a common rule (newshift.repeat.CHOICES)
    # A one-liner that repeats a shift just posted: post it anyway, or not (the twin's number).
    TWIN_POST = "dupost", ANY
    TWIN_DROP = "dudrop", ANY
    # /editshift and /cancelshift.
    EDIT_FIELD = "esfield", ANY, ANY  # shift, field (editshift.answers: checked there)
    EDIT_DAY = "esday", ANY
    EDIT_TIME = "estime", ANY, ANY
    EDIT_CAPACITY = "escap", ANY
    EDIT_PLACE = "esloc", ANY  # index among the recent places
    EDIT_SAVE = "essave"
    EDIT_QUIT = "esquit"
    CANCEL_SHIFT = "csyes", ANY  # shift
    # A coordinator's buttons on a card or in a picker: the same flows as the commands.
    STAFF_ROSTER = "cmros", ANY  # shift
    STAFF_EDIT = "cmedit", ANY  # shift
    STAFF_CANCEL = "cmcanc", ANY  # shift
    STAFF_SKIP = "cmskip", ANY  # series
    PICKER_PAGE = "cmpage", 4, ANY  # command (bot.views.staff_keyboards.COMMANDS), offset
    KEEP_SHIFT = "cskeep", ANY
    # Attendance: check-in prompt, the coordinator's summary and corrections, /export.
    CHECK_IN = "checkin", ANY  # shift
    CHECK_OUT = "checkout", ANY  # shift
    SUMMARY_PAGE = "attpage", ANY, ANY  # shift, offset
    OPEN_RECORD = "attfix", ANY  # attendance record
    SET_STATUS = "attset", ANY, 3  # record, status (data.corrections.CORRECTABLE)
    SET_MINUTES = "attmin", ANY  # record
    EXPORT_PERIOD = "export", 3  # staff.export.CHOICES
    # /promote and /demote by name: the candidate picked (re-checked on press), or nothing.
    PROMOTE_PICK = "rolepro", ANY  # volunteer
    DEMOTE_PICK = "roledem", ANY  # volunteer
    ROLE_KEEP = "rolekeep"

    @property
    def arity(self) -> int:
        return len(self.bounds)

    @property
    def pattern(self) -> str:
        """Regex for its ``CallbackQueryHandler``: this action with exactly its arguments.

        Data of the right action but another shape (forged, damaged) then falls through to the
        stale-button catch-all instead of reaching a handler that would misread it.
        """
        return rf"^{VERSION}:{self.value}" + _ARGUMENT * self.arity + r"\Z"

    def written_in(self, data: object) -> bool:
        """Whether ``data`` (a button's) is a press of this action."""
        return isinstance(data, str) and re.match(self.pattern, data) is not None

    def fits(self, args: tuple[int, ...]) -> bool:
        """Whether ``args`` are this action's: as many, each ≥ 0 and below its bound."""
        return len(args) == self.arity and all(
            0 <= arg < 10**MAX_DIGITS and (bound is None or arg < bound)
            for arg, bound in zip(args, self.bounds, strict=True)
        )


_BY_WORD = {action.value: action for action in Action}


def any_of(*actions: Action) -> str:
    """Regex matching any of ``actions``, each with exactly its arguments."""
    return "|".join(f"(?:{action.pattern})" for action in actions)


@dataclass(frozen=True)
class Press:
    action: Action
    args: tuple[int, ...]


class BadCallback(ValueError):
    """Callback data we did not write (forged, from an old version, or damaged)."""


def encode(action: Action, *args: int) -> str:
    """The data of a button; arguments outside the declaration are a bug, refused here."""
    if not action.fits(tuple(args)):
        raise ValueError(f"{action.name} takes {action.bounds}, not {args}")
    data = ":".join([VERSION, action.value, *(str(int(a)) for a in args)])
    assert len(data.encode()) <= MAX_BYTES, data
    return data


def decode(data: object) -> Press:
    """The press that ``data`` says, checked against the declaration."""
    match = _DATA.match(data if isinstance(data, str) else "")
    if not match or match.group(1) not in _BY_WORD:
        raise BadCallback(data)
    action = _BY_WORD[match.group(1)]
    args = tuple(int(a) for a in match.group(2).split(":")[1:])
    if not action.fits(args):
        raise BadCallback(data)
    return Press(action, args)
