"""The ``shiftbot`` command: run the bot, upgrade the database, add admins, back up and restore,
start the demo."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from bot.runtime.logs import configure_logging
from bot.runtime.running import running
from data.config import ConfigError, Settings, load_settings

NO_TOKEN = (
    "shiftbot run needs a bot token: talk to @BotFather in Telegram, send /newbot, and put the\n"
    "token it gives you in SHIFTBOT_TOKEN (environment or .env). To try the bot without one,\n"
    "run: shiftbot demo"
)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="shiftbot", description="Volunteer-service shifts on Telegram."
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    commands.add_parser("run", help="run the bot (long polling); upgrades the database first")
    db = commands.add_parser("db", help="database maintenance")
    db_commands = db.add_subparsers(dest="db_command", required=True, metavar="ACTION")
    db_commands.add_parser("upgrade", help="apply every Alembic migration")
    admin = commands.add_parser("admin", help="manage admins")
    admin_commands = admin.add_subparsers(dest="admin_command", required=True, metavar="ACTION")
    add = admin_commands.add_parser("add", help="make a Telegram user an admin")
    add.add_argument("telegram_id", type=int, help="the user's numeric Telegram id")
    backup = commands.add_parser(
        "backup", help="copy the database to FILE, also while the bot runs"
    )
    backup.add_argument("file", help="where to write the copy")
    restore = commands.add_parser(
        "restore", help="replace the SQLite database with FILE (bot stopped)"
    )
    restore.add_argument("file", help="a copy made by shiftbot backup")
    demo = commands.add_parser("demo", help="the whole bot offline, in a browser, with no token")
    demo.add_argument("--port", type=int, default=8080, help="web page port (default 8080)")
    demo.add_argument("--db", default=None, help="SQLite file to keep (default: a temporary one)")
    demo.add_argument("--empty", action="store_true", help="start with no seeded programme")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    configure_logging()
    if args.command == "demo":
        from demo.runner import run_demo

        return run_demo(port=args.port, db=args.db, empty=args.empty)
    try:
        settings = load_settings()
    except ConfigError as exc:
        print(f"shiftbot: bad configuration\n{exc}", file=sys.stderr)
        return 2
    configure_logging(settings.log_format)
    if args.command in ("backup", "restore"):
        from bot.backups import backup, restore

        return (backup if args.command == "backup" else restore)(settings, Path(args.file))
    if args.command == "db":
        return _upgrade(settings)
    if args.command == "admin":
        return _add_admin(settings, args.telegram_id)
    return _run(settings)


def _upgrade(settings: Settings) -> int:
    from data.migrations import upgrade

    upgrade(settings.database_url)
    print(f"database is up to date: {settings.database_url}")
    return 0


def _add_admin(settings: Settings, telegram_id: int) -> int:
    from data.clock import SystemClock
    from data.db import Store, make_engine
    from data.migrations import upgrade
    from data.volunteers import add_admin

    upgrade(settings.database_url)
    store = Store(make_engine(settings.database_url))
    store.call(add_admin, telegram_id=telegram_id, now=SystemClock().now())
    print(f"{telegram_id} is now an admin")
    return 0


def _run(settings: Settings) -> int:
    if not settings.token:
        print(NO_TOKEN, file=sys.stderr)
        return 2
    from bot.app import build_application, build_services
    from data.migrations import upgrade

    with running(settings.database_url):  # shiftbot restore is refused meanwhile
        upgrade(settings.database_url)
        app = build_application(settings, build_services(settings))
        if settings.webhook_url:
            return _run_webhook(settings, app)
        app.run_polling(allowed_updates=["message", "callback_query"])
        return 0


def _run_webhook(settings: Settings, app: object) -> int:
    import asyncio

    from bot.webhook import serve_webhook

    if not settings.webhook_secret:
        print(
            "shiftbot: SHIFTBOT_WEBHOOK_URL needs SHIFTBOT_WEBHOOK_SECRET: expected 1-256 characters "
            "of A-Z, a-z, 0-9, _ and -",
            file=sys.stderr,
        )
        return 2
    asyncio.run(
        serve_webhook(
            app,  # type: ignore[arg-type]
            url=settings.webhook_url or "",
            secret=settings.webhook_secret,
            listen=settings.webhook_listen,
            port=settings.webhook_port,
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
