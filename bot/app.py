"""One place for wiring: build the PTB ``Application`` with every handler in a visible order."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.ext import (
    AIORateLimiter,
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.context import SERVICES_KEY, ShiftContext
from bot.conversation import Conversations
from bot.handlers.attendance import checkin, corrections
from bot.handlers.cancelshift import command as cancelshift
from bot.handlers.common.errors import on_error
from bot.handlers.common.fallbacks import cancel_nothing, show_help, stale_button, unknown_text
from bot.handlers.common.guards import ignore_edit, private_only
from bot.handlers.common.identify import identify
from bot.handlers.editshift import command as editshift
from bot.handlers.newshift import command as newshift
from bot.handlers.registration import conversation as registration
from bot.handlers.registration.gate import gate_for
from bot.handlers.series import cancel_scope, edit_scope, standing
from bot.handlers.series import commands as series
from bot.handlers.staff import export, picker, roles, roster
from bot.handlers.volunteer import (
    browse,
    home,
    hours,
    mine,
    preferences,
    profile,
    reminder_answers,
)
from bot.menus import set_default_menus
from bot.runtime.metrics import CountingRequest
from bot.runtime.ordering import ChatOrderedProcessor
from bot.runtime.status import start_status_server, stop_status_server
from bot.scheduling import start_scheduler, stop_scheduler
from bot.services import Services, policy_from
from bot.transport import file_url_for
from bot.types import App, Handler
from data.clock import Clock, SystemClock
from data.config import Settings
from data.db import Store, make_engine

log = logging.getLogger(__name__)

# Updates handled at once (each chat's still one at a time, in order: bot/runtime/ordering.py),
# and HTTP connections for them: PTB's default pool of one makes concurrent replies queue for it.
CONCURRENT_UPDATES = 16
CONNECTIONS = CONCURRENT_UPDATES + 4  # the error handler and post_init may send meanwhile

IDENTIFY = -3  # before everything: every later group reads context.volunteer and .places
GUARDS = -2  # may stop an update (ApplicationHandlerStop) before any feature sees it
DIALOGUES = -1  # a step of a dialogue in progress takes its update and stops it there
FEATURES = 0  # one match per group: within it, the first handler that matches wins


def build_services(
    settings: Settings, *, clock: Clock | None = None, store: Store | None = None
) -> Services:
    return Services(
        store=store or Store(make_engine(settings.database_url)),
        clock=clock or SystemClock(),
        settings=settings,
        policy=policy_from(settings),
    )


def build_application(
    settings: Settings, services: Services, *, scheduler: bool = True, rate_limiter: bool = True
) -> App:
    """The bot: handlers by audience, catch-alls last, the scheduler started with it."""
    if not settings.token:
        raise ValueError("a bot token is required")
    builder = (
        Application.builder()
        .token(settings.token)
        .base_url(settings.api_base_url)
        .base_file_url(file_url_for(settings.api_base_url))
        .context_types(ContextTypes(context=ShiftContext))
        .post_init(_post_init)
        .post_shutdown(_post_shutdown)
        .concurrent_updates(ChatOrderedProcessor(CONCURRENT_UPDATES))
        # Replies on aiohttp, like the dispatcher's sends (bot/transport.py): httpx's pool checks
        # every idle connection on each request, a third of the bot's CPU under load (py-spy).
        # getUpdates keeps PTB's own request with its single connection, apart from these.
        .request(CountingRequest(connections=CONNECTIONS))
    )
    if rate_limiter:
        # Group limits and retries after a 429. No overall limit on replies: each answers someone
        # who just wrote, and a 30/s bucket shared by all of them made 100 people wait 3.3 s for
        # theirs. Telegram's ~30/s is for bulk sends, which the dispatcher paces on its own bot.
        limiter = AIORateLimiter(overall_max_rate=0, max_retries=2)
        builder = builder.rate_limiter(limiter)  # type: ignore[arg-type]
    app: App = builder.build()
    app.bot_data[SERVICES_KEY] = services
    app.bot_data["with_scheduler"] = scheduler
    add_handlers(app)
    return app


def add_handlers(app: App) -> None:
    for group, handler in handlers():
        app.add_handler(handler, group=group)
    app.add_error_handler(on_error)  # type: ignore[arg-type]


def handlers() -> list[tuple[int, Handler]]:
    """Every handler with its group, in the order they are tried."""
    start = registration.flow()
    # Tried in this order; each flow's handlers (its commands, its buttons, text while a step
    # waits for it) overlap no feature's, so taking them first changes no one's answer.
    flows = [
        start,
        newshift.flow(),
        editshift.flow(),
        corrections.flow(),
        profile.flow(),
        roles.flow(),
    ]
    features: list[Handler] = [
        *home.handlers(),
        *browse.handlers(),
        *mine.handlers(),
        *preferences.handlers(),
        *newshift.handlers(),
        *editshift.handlers(),
        *cancelshift.handlers(),
        *series.handlers(),
        *edit_scope.handlers(),
        *cancel_scope.handlers(),
        *standing.handlers(),
        *roster.handlers(),
        *picker.handlers(),
        *roles.handlers(),
        *reminder_answers.handlers(),
        # After the others: its location handler must not take a location another feature asked for.
        *checkin.handlers(),
        *hours.handlers(),
        *corrections.handlers(),
        *export.handlers(),
    ]
    catch_alls: list[Handler] = [
        CommandHandler("help", show_help),
        CommandHandler("cancel", cancel_nothing),
        CallbackQueryHandler(stale_button),
        MessageHandler(filters.ChatType.PRIVATE & ~filters.COMMAND, unknown_text),
        MessageHandler(filters.ChatType.PRIVATE & filters.COMMAND, unknown_text),
    ]
    return [
        (IDENTIFY, TypeHandler(Update, identify)),
        # Command and text handlers also match edits by default (filters.UpdateType.MESSAGES).
        (GUARDS, MessageHandler(filters.UpdateType.EDITED, ignore_edit)),
        (GUARDS, MessageHandler(filters.COMMAND & ~filters.ChatType.PRIVATE, private_only)),
        # After the private-chat guard, in its group: a group command is still answered by the
        # guard; in private chats the gate lets only registration through for the unregistered.
        (GUARDS, gate_for(start)),
        (DIALOGUES, Conversations(flows)),
        *((FEATURES, handler) for handler in features),
        # Last, in the same group: only what no feature took.
        *((FEATURES, handler) for handler in catch_alls),
    ]


async def _post_init(app: App) -> None:
    services: Services = app.bot_data[SERVICES_KEY]
    await set_default_menus(app.bot, services.settings.default_language)
    if app.bot_data.get("with_scheduler"):
        await start_scheduler(app)
    settings = services.settings
    if settings.status_port and not settings.webhook_url:  # the webhook server has its own
        await start_status_server(app, listen=settings.status_listen, port=settings.status_port)


async def _post_shutdown(app: App) -> None:
    await stop_status_server(app)
    if app.bot_data.get("with_scheduler"):
        await stop_scheduler(app)
