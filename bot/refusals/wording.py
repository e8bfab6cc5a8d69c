"""What every part of the refusal table is made of: keys, entries, and filling a sentence in.

A key names an error as precisely as the table needs: ``(code, field, reason)`` for invalid
input, ``(code, what)`` for something not found, ``(code, action)`` for a refusal worded per
action, and ``(code,)`` for the rest. An entry is a sentence (its msgid, placeholders filled from
the error's escaped params) or a function that words the error itself (a count, a shift's time).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from html import escape
from typing import Any

from bot.i18n import Gettext
from data.errors import DomainError
from data.recurrence import RepeatError

Key = tuple[str, ...]
Refused = DomainError | RepeatError  # a repeat rule typed wrong is a RepeatError in data/
# Any: each function takes the kind of error its key names (a DomainError, or a RepeatError).
Words = Callable[[Any, Gettext, str], str]
"""Words an error itself: ``(error, _, language) -> HTML-safe sentence``."""
Entry = str | Words
REPEAT_RULE = "repeat_rule"  # the code under which a RepeatError's own codes are keyed


def keys(error: Refused) -> Iterator[Key]:
    """The keys to try for ``error``, most precise first."""
    if isinstance(error, RepeatError):
        yield REPEAT_RULE, error.code
        yield (REPEAT_RULE,)
        return
    params = error.params
    if "field" in params:
        yield error.code, str(params["field"]), str(params.get("reason", ""))
    if "what" in params:
        yield error.code, str(params["what"])
    if "action" in params:
        yield error.code, str(params["action"])
    yield (error.code,)


def params_of(error: Refused) -> dict[str, str]:
    """The error's plain params (text and numbers), HTML-escaped for the sentence."""
    if isinstance(error, RepeatError):
        return {"detail": escape(error.detail)}
    return {k: escape(str(v)) for k, v in error.params.items() if isinstance(v, str | int)}


def fill(template: str, error: Refused, _: Gettext, **extra: str) -> str:
    """``template`` translated, with the error's params (and ``extra``) in its placeholders."""
    return _(template).format_map(_Blank(params_of(error) | extra))


def then(template: str, form: str) -> Words:
    """A sentence followed on the next line by the accepted form, so the fix is at hand."""

    def words(error: Refused, _: Gettext, language: str) -> str:
        return f"{fill(template, error, _)}\n{_(form)}"

    return words


class _Blank(dict[str, str]):
    """Formatting map that leaves an unknown placeholder empty instead of raising."""

    def __missing__(self, key: str) -> str:
        return ""
