"""/shifts: the open shifts page by page, a shift's card, and signing up or joining the waitlist."""

from __future__ import annotations

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot.actions import Action
from bot.context import ShiftContext
from bot.handlers.presses import pressed, query_of
from bot.replies import refuse, reply, show
from bot.types import Handler
from bot.views import keyboards
from bot.views.series_cards import card_note, with_standing
from bot.views.shift_text import shift_card, shift_details, shift_line
from bot.views.staff_keyboards import with_staff
from data.booking import has_started, is_bookable
from data.errors import DomainError, NotFound
from data.models import ShiftStatus, SignupStatus
from data.roles import may_coordinate
from data.signups import SignupResult, sign_up
from data.standing import standing_of
from data.views import Page, ShiftView, shift_view, upcoming_shifts

PAGE_SIZE = 5


async def list_shifts(update: Update, context: ShiftContext) -> None:
    """/shifts: the first page of upcoming open shifts, soonest first."""
    await show_page(update, context, 0)


async def turn_page(update: Update, context: ShiftContext) -> None:
    """‹ / › and Back: another page of the list, edited in place."""
    args = await pressed(update, context)
    if args is None:
        return
    await query_of(update).answer()
    await show_page(update, context, args[0])


async def open_card(update: Update, context: ShiftContext) -> None:
    """A numbered button: the shift's card, in place of the list."""
    args = await pressed(update, context)
    if args is None:
        return
    shift_id, offset = args
    try:
        view = await _view(context, shift_id)
    except NotFound as error:
        await refuse(update, context, error)
        return
    await query_of(update).answer()
    standing = await _standing(context, view)
    await show(
        update, card_text(view, context, standing), card_markup(view, context, offset, standing)
    )


async def sign_up_for_shift(update: Update, context: ShiftContext) -> None:
    """Sign up: take a seat; a shift that filled up meanwhile is refused and its card refreshed."""
    await _take_place(update, context, waitlist_ok=False)


async def join_waitlist(update: Update, context: ShiftContext) -> None:
    """Join waitlist: a place in line (候补), or a seat if one freed up meanwhile."""
    await _take_place(update, context, waitlist_ok=True)


async def _take_place(update: Update, context: ShiftContext, *, waitlist_ok: bool) -> None:
    args = await pressed(update, context)
    if args is None:
        return
    shift_id, offset = args
    services = context.services
    try:
        result = await services.store.run(
            sign_up,
            volunteer_id=context.my_id,
            shift_id=shift_id,
            now=services.now(),
            policy=services.policy,
            waitlist_ok=waitlist_ok,
        )
    except NotFound as error:
        await refuse(update, context, error)
        return
    except DomainError as error:
        # Stale button (full, cancelled, started) or a clash: say why, then show the card as it is now.
        await refuse(update, context, error)
        await refresh_card(update, context, shift_id, offset)
        return
    await query_of(update).answer()
    await refresh_card(update, context, shift_id, offset)
    await reply(update, _confirmation(result, context))


def _confirmation(result: SignupResult, context: ShiftContext) -> str:
    """What the volunteer now holds, with the shift's details."""
    _ = context._
    details = shift_details(result.shift, context.language, _)
    if result.status == SignupStatus.WAITLISTED:
        head = _("⏳ The shift is full, so you are on the waitlist: position {position}.")
        tail = _("If a place frees up it becomes yours automatically, and I will tell you at once.")
        return "\n\n".join([head.format(position=result.position), details, tail])
    if context.me().reminders_on:
        tail = _("I will remind you before it starts. /my lists your shifts.")
    else:
        tail = _("Your reminders are off; /settings turns them on.")
    return "\n\n".join([_("✅ You are signed up:"), details, tail])


async def show_page(update: Update, context: ShiftContext, offset: int) -> None:
    """One page of the list: sent for /shifts, edited in place for a button."""
    services = context.services
    page = await services.store.read(
        upcoming_shifts,
        now=services.now(),
        viewer_id=context.my_id,
        offset=offset,
        limit=PAGE_SIZE,
    )
    await show(update, page_text(page, context), keyboards.shift_page(page, PAGE_SIZE))


def page_text(page: Page, context: ShiftContext) -> str:
    _ = context._
    if not page.items:
        return _("There are no open shifts right now. Please look again later.")
    header = _("<b>Open shifts</b> ({first}–{last} of {total})").format(
        first=page.offset + 1, last=page.offset + len(page.items), total=page.total
    )
    # Each shift's own number, as on its card and in /roster 15: never a position in this list.
    entries = [
        _("No. {id}").format(id=view.shift.id) + " · " + shift_line(view, context.language, _)
        for view in page.items
    ]
    return "\n\n".join([header, *entries, _("Tap a shift's number to open it.")])


async def refresh_card(
    update: Update, context: ShiftContext, shift_id: int, offset: int, note: str | None = None
) -> None:
    """Show the card as the database has it now, optionally under a short note."""
    view = await _view(context, shift_id)
    standing = await _standing(context, view)
    text = card_text(view, context, standing)
    markup = card_markup(view, context, offset, standing)
    await show(update, f"{note}\n\n{text}" if note else text, markup)


def card_text(view: ShiftView, context: ShiftContext, standing: bool = False) -> str:
    text = shift_card(view, context.language, context._)
    if view.shift.status == ShiftStatus.OPEN and has_started(view.shift, context.services.now()):
        text += "\n" + context._("⏱ This shift has already started.")
    return text + card_note(view, context._, standing)


def card_markup(
    view: ShiftView, context: ShiftContext, offset: int, standing: bool = False
) -> InlineKeyboardMarkup:
    now = context.services.now()
    bookable = is_bookable(view.shift, now)
    markup = keyboards.card_actions(view, bookable, offset, context._)
    markup = with_standing(markup, view, bookable and not standing, offset, context._)
    if context.volunteer is None or not may_coordinate(context.volunteer):
        return markup
    editable = view.shift.status == ShiftStatus.OPEN and not has_started(view.shift, now)
    return with_staff(markup, view.shift, editable, context._)


async def _standing(context: ShiftContext, view: ShiftView) -> bool:
    """Whether the viewer already signed up for every occurrence of this shift's series."""
    if view.shift.series_id is None:
        return False
    found = await context.services.store.read(
        standing_of, series_id=view.shift.series_id, volunteer_id=context.my_id
    )
    return found is not None and found.active


async def _view(context: ShiftContext, shift_id: int) -> ShiftView:
    return await context.services.store.read(shift_view, shift_id=shift_id, viewer_id=context.my_id)


def handlers() -> list[Handler]:
    return [
        CommandHandler("shifts", list_shifts),
        CallbackQueryHandler(turn_page, pattern=Action.SHIFT_PAGE.pattern),
        CallbackQueryHandler(open_card, pattern=Action.SHIFT_CARD.pattern),
        CallbackQueryHandler(sign_up_for_shift, pattern=Action.SIGN_UP.pattern),
        CallbackQueryHandler(join_waitlist, pattern=Action.JOIN_WAITLIST.pattern),
    ]
