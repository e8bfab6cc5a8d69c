"""``shiftbot demo``: the real bot, a local fake Telegram and the demo page, in one asyncio loop.

The bot is built exactly as ``shiftbot run`` builds it (same handlers, scheduler and store); only
its Bot API base URL points at the fake server and its clock is a :class:`ManualClock` the page
moves. PTB runs "alongside another asyncio framework" as its docs describe: ``initialize``,
``updater.start_polling``, ``start`` — and the reverse on the way out.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import sys
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any

from aiohttp import web

from bot.app import build_application, build_services
from data.clock import ManualClock, SystemClock
from data.config import ConfigError, Settings, load_settings
from demo.botapi import FakeBotAPI
from demo.events import EventHub
from demo.personas import COORDINATOR, EXTRAS, PERSONAS
from demo.seed import seed_menus, seed_programme
from demo.timecontrol import TimeControl
from demo.web import make_web_app

HOST = "127.0.0.1"  # never another interface: the page lets anyone act as anyone


class PortBusy(OSError):
    """The page's port is taken (another demo is running?)."""


class DemoServer:
    """Everything ``shiftbot demo`` runs, with ``start``/``stop`` so tests can run it in-process."""

    def __init__(
        self,
        *,
        port: int = 8080,
        db: str | None = None,
        empty: bool = False,
        start_at: datetime | None = None,
        **settings_overrides: Any,
    ) -> None:
        self.port = port  # 0 picks a free port
        self.db = db
        self.empty = empty
        self.clock = ManualClock(start_at or SystemClock().now())
        self.settings_overrides = settings_overrides
        self.api = FakeBotAPI()
        self.hub = EventHub(self.api, self.clock.now)
        self.url = ""
        self.seeded: dict[str, int] = {}
        self._stack = contextlib.AsyncExitStack()

    async def start(self) -> None:
        """Database, fake Telegram, bot (polling, scheduler), web page; undone if any step fails."""
        try:
            await self._start()
        except BaseException:
            await self.stop()
            raise

    async def _start(self) -> None:
        # Imported here: importing Alembic logs, and run_demo quiets that first.
        from data.migrations import upgrade

        url, fresh = self._database()
        await asyncio.to_thread(upgrade, url)
        await self.api.start(HOST)
        self._stack.push_async_callback(self.api.stop)
        for person in (*PERSONAS, *EXTRAS):
            self.api.add_user(
                person.telegram_id,
                person.first_name,
                last_name=person.last_name,
                username=person.username,
                language_code=person.language_code,
            )
        settings = self._settings(url)
        self.services = build_services(settings, clock=self.clock)
        self._stack.callback(self.services.store.engine.dispose)
        if fresh and not self.empty:
            self.seeded = await self.services.store.run(
                seed_programme, settings=settings, policy=self.services.policy, now=self.clock.now()
            )
        self.app = build_application(settings, self.services, scheduler=True)
        self.control = TimeControl(self.app, self.services, self.clock)
        self.hub.start()
        self._stack.push_async_callback(self.hub.stop)
        await self._start_web(settings)  # first: a busy port stops us before the bot starts
        await self._start_bot()
        await seed_menus(self.app.bot, self.services.store, settings.default_language)
        self._stack.push_async_callback(self.control.stop)  # before the bot and scheduler stop

    def _database(self) -> tuple[str, bool]:
        """The SQLite URL, and whether it is new (a kept --db is seeded only the first time)."""
        if self.db is not None:
            path = Path(self.db).resolve()
            return f"sqlite:///{path}", not path.exists()
        folder = self._stack.enter_context(tempfile.TemporaryDirectory(prefix="shiftbot-demo-"))
        return f"sqlite:///{Path(folder) / 'demo.db'}", True

    def _settings(self, url: str) -> Settings:
        # The environment still sets zone, language and timings; these four make it a demo.
        overrides: dict[str, Any] = {
            "token": self.api.token,
            "api_base_url": self.api.base_url,
            "database_url": url,
            "admins": [COORDINATOR.telegram_id],
            **self.settings_overrides,
        }
        return load_settings(**overrides)

    async def _start_bot(self) -> None:
        app = self.app
        await app.initialize()
        self._stack.push_async_callback(app.shutdown)
        if app.post_init is not None:
            await app.post_init(app)  # run_polling would call it; here we start by hand
        if app.post_shutdown is not None:
            self._stack.push_async_callback(app.post_shutdown, app)
        assert app.updater is not None
        await app.updater.start_polling(
            poll_interval=0.0, timeout=5, allowed_updates=["message", "callback_query"]
        )
        try:
            await app.start()
        finally:
            self._stack.push_async_callback(self._stop_bot)

    async def _stop_bot(self) -> None:
        # PTB's order: stop fetching updates, then finish the ones in hand.
        if self.app.updater is not None and self.app.updater.running:
            await self.app.updater.stop()
        if self.app.running:
            await self.app.stop()

    async def _start_web(self, settings: Settings) -> None:
        page = make_web_app(self.api, self.hub, self.control, settings.timezone)
        # Cancelling the handler of a page that went away ends its event stream at once.
        runner = web.AppRunner(
            page, access_log=None, shutdown_timeout=1.0, handler_cancellation=True
        )
        await runner.setup()
        self._stack.push_async_callback(runner.cleanup)
        self._stack.callback(self.hub.end_streams)  # open event streams would hold cleanup up
        try:
            await web.TCPSite(runner, HOST, self.port).start()
        except OSError as exc:
            raise PortBusy(f"cannot listen on {HOST}:{self.port}: {exc.strerror}") from exc
        self.url = f"http://{HOST}:{runner.addresses[0][1]}/"

    async def stop(self) -> None:
        """Stop everything started, in reverse order; the temporary database goes with it."""
        await self._stack.aclose()


def run_demo(*, port: int, db: str | None, empty: bool) -> int:
    """Run until Ctrl+C; returns the process exit code."""
    # Keep the terminal for what a visitor needs (the address); start-up chatter is noise here.
    for name in ("alembic", "apscheduler", "telegram.ext"):
        logging.getLogger(name).setLevel(logging.WARNING)
    try:
        return asyncio.run(_serve(DemoServer(port=port, db=db, empty=empty)))
    except KeyboardInterrupt:
        return 0
    except ConfigError as exc:
        print(f"shiftbot: bad configuration\n{exc}", file=sys.stderr)
        return 2
    except PortBusy as exc:
        print(
            f"shiftbot demo: {exc}\nTry another port: shiftbot demo --port {port + 1}",
            file=sys.stderr,
        )
        return 1


async def _serve(server: DemoServer) -> int:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):  # Windows has no signal handlers here
            loop.add_signal_handler(sig, stop.set)
    await server.start()
    try:
        print(_banner(server), flush=True)
        await stop.wait()
    finally:
        print("shiftbot demo: stopping…", flush=True)
        await server.stop()
    return 0


def _banner(server: DemoServer) -> str:
    seeded = server.seeded
    if seeded:
        series = " and a weekly series" if seeded["series"] else ""
        what = f"{seeded['shifts']} shifts{series}, {seeded.get('past', 0)} closed ones before, "
        what += f"{seeded['volunteers']} people, "
        what += f"{seeded['signups']} sign-ups"
    else:
        what = "an empty programme" if server.empty else "the programme kept from last time"
    where = server.db or "a temporary database (gone when you stop)"
    return (
        f"\nshiftbot demo is running: open {server.url}\n"
        f"  {what}, in {where}\n"
        "  no Telegram token, no internet: the bot talks to a fake Telegram on this computer\n"
        "  stop with Ctrl+C\n"
    )
