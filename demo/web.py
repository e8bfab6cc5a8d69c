"""The demo page's server: static files, chat history, user actions, a live event stream, the clock.

Every route acts through the fake Telegram's own user-side API (``user_sends``, ``user_presses``,
…), so the bot sees exactly the updates a phone would produce. Only loopback peers are served.
"""

from __future__ import annotations

import asyncio
import json
import mimetypes
from pathlib import Path
from typing import Any

from aiohttp import web

from bot.i18n import LANGUAGES, translator
from demo.botapi import FakeBotAPI
from demo.events import EventHub
from demo.guard import loopback_only
from demo.personas import DEMO_LOCATION, PERSONAS, DemoPersona, persona
from demo.strings import UI
from demo.timecontrol import TimeControl

STATIC = Path(__file__).resolve().parent / "static"
HUB_KEY = web.AppKey("hub", EventHub)
API_KEY = web.AppKey("api", FakeBotAPI)
CONTROL_KEY = web.AppKey("control", TimeControl)
ZONE_KEY = web.AppKey("zone", str)
KEEPALIVE_SECONDS = 15.0


def make_web_app(
    api: FakeBotAPI, hub: EventHub, control: TimeControl, zone: str
) -> web.Application:
    """The aiohttp application serving the page and its JSON and event-stream endpoints."""
    app = web.Application(middlewares=[loopback_only])
    app[API_KEY], app[HUB_KEY], app[CONTROL_KEY], app[ZONE_KEY] = api, hub, control, zone
    app.router.add_get("/", index)
    app.router.add_static("/static/", STATIC, append_version=True)
    app.router.add_get("/api/state", state)
    app.router.add_get("/api/events", events)
    app.router.add_get("/api/chats/{user_id:\\d+}", history)
    app.router.add_get("/api/chats/{user_id:\\d+}/commands", commands)
    app.router.add_post("/api/chats/{user_id:\\d+}/send", send)
    app.router.add_post("/api/chats/{user_id:\\d+}/press", press)
    app.router.add_post("/api/chats/{user_id:\\d+}/contact", share_contact)
    app.router.add_post("/api/chats/{user_id:\\d+}/location", share_location)
    app.router.add_post("/api/clock", move_clock)
    app.router.add_get("/api/files/{file_id}", download)
    return app


# Only our own script and styles run on the page: a bot message can never bring its own.
PAGE_HEADERS = {
    "Cache-Control": "no-cache",
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; "
        "frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
}


async def index(request: web.Request) -> web.FileResponse:
    return web.FileResponse(STATIC / "index.html", headers=PAGE_HEADERS)


async def state(request: web.Request) -> web.Response:
    """Everything the page needs to draw itself: people, unread messages, clock, texts."""
    api, hub = request.app[API_KEY], request.app[HUB_KEY]
    return web.json_response(
        {
            "personas": [_persona_json(api, hub, p) for p in PERSONAS],
            "clock": _clock_json(request),
            "strings": {
                lang: {k: translator(lang)(v) for k, v in UI.items()} for lang in LANGUAGES
            },
            "bot": api.bot_user(),
        },
        dumps=_dumps,
    )


def _persona_json(api: FakeBotAPI, hub: EventHub, person: DemoPersona) -> dict[str, Any]:
    log = api.chat(person.telegram_id)
    shown = [m for m in log.messages if not m.deleted]
    return {
        "id": person.telegram_id,
        "name": person.full_name,
        "language": person.language,
        "role": person.role,
        "bot_message_ids": [m.message_id for m in shown if m.from_bot],
        "last": hub.message_json(shown[-1]) if shown else None,
    }


def _clock_json(request: web.Request) -> dict[str, Any]:
    return {"now": request.app[CONTROL_KEY].now().isoformat(), "zone": request.app[ZONE_KEY]}


def _chat_of(request: web.Request) -> DemoPersona:
    person = persona(int(request.match_info["user_id"]))
    if person is None:
        raise web.HTTPNotFound(text="no such persona")
    return person


async def history(request: web.Request) -> web.Response:
    """A persona's chat as it is now (deleted messages left out) and their command menu."""
    person = _chat_of(request)
    api, hub = request.app[API_KEY], request.app[HUB_KEY]
    log = api.chat(person.telegram_id)
    messages = [hub.message_json(m) for m in log.messages if not m.deleted]
    body = {"messages": messages, "commands": menu_for(api, person)}
    return web.json_response(body, dumps=_dumps)


async def commands(request: web.Request) -> web.Response:
    return web.json_response(menu_for(request.app[API_KEY], _chat_of(request)), dumps=_dumps)


def menu_for(api: FakeBotAPI, person: DemoPersona) -> list[dict[str, Any]]:
    """The "/" menu Telegram would show this user: the narrowest scope set, in their language."""
    user = api.users[person.telegram_id]
    language = (user.language_code or "")[:2]
    for scope in (f"chat:{person.telegram_id}", "all_private_chats", "default"):
        for code in (language, ""):
            found = api.commands.get((scope, code))
            if found:
                return list(found)
    return []


async def _body(request: web.Request) -> dict[str, Any]:
    if request.content_type != "application/json":
        raise web.HTTPUnsupportedMediaType(text="send JSON")
    try:
        body = await request.json()
    except ValueError:
        raise web.HTTPBadRequest(text="bad JSON") from None
    if not isinstance(body, dict):
        raise web.HTTPBadRequest(text="expected a JSON object")
    return body


async def send(request: web.Request) -> web.Response:
    """The persona types a message (or a /command) and sends it."""
    person = _chat_of(request)
    text = str((await _body(request)).get("text", "")).strip()
    if not text or len(text) > 4096:
        raise web.HTTPBadRequest(text="a message is 1 to 4096 characters")
    request.app[API_KEY].user_sends(person.telegram_id, text)
    return web.json_response({"ok": True})


async def press(request: web.Request) -> web.Response:
    """The persona presses an inline button; the fake refuses data no button on it carries."""
    person = _chat_of(request)
    body = await _body(request)
    try:
        message_id, data = int(body["message_id"]), str(body["data"])
        request.app[API_KEY].user_presses(person.telegram_id, message_id, data)
    except (KeyError, TypeError, ValueError) as exc:
        raise web.HTTPBadRequest(text=str(exc)) from None
    return web.json_response({"ok": True})


async def share_contact(request: web.Request) -> web.Response:
    person = _chat_of(request)
    request.app[API_KEY].user_shares_contact(person.telegram_id, person.phone)
    return web.json_response({"ok": True})


async def share_location(request: web.Request) -> web.Response:
    person = _chat_of(request)
    request.app[API_KEY].user_shares_location(person.telegram_id, *DEMO_LOCATION)
    return web.json_response({"ok": True})


async def move_clock(request: web.Request) -> web.Response:
    """ "+1 hour", "+1 day" or "jump to next reminder"; every page is told the new time at once,
    and the reminders that fall due follow as chat events while the scheduler catches up."""
    step = str((await _body(request)).get("step", ""))
    control = request.app[CONTROL_KEY]
    moved = True
    if step in ("hour", "day"):
        control.step(step)
    elif step == "next":
        moved = await control.next_reminder() is not None
    else:
        raise web.HTTPBadRequest(text="step is hour, day or next")
    clock = _clock_json(request)
    request.app[HUB_KEY].broadcast({"type": "clock", **clock})
    return web.json_response({"moved": moved, **clock})


async def download(request: web.Request) -> web.Response:
    """A file the bot sent: photos shown inline, documents saved under their own name."""
    media = request.app[API_KEY].files.get(request.match_info["file_id"])
    if media is None:
        raise web.HTTPNotFound()
    name = str(media.get("file_name") or media["file_path"].rsplit("/", 1)[-1])
    mime = media.get("mime_type") or mimetypes.guess_type(name)[0] or "application/octet-stream"
    disposition = "inline" if mime.startswith("image/") else "attachment"
    headers = {
        "Content-Disposition": f"{disposition}; filename*=UTF-8''{_quote(name)}",
        "X-Content-Type-Options": "nosniff",
    }
    return web.Response(body=media["bytes"], content_type=mime, headers=headers)


async def events(request: web.Request) -> web.StreamResponse:
    """Server-sent events: every chat event and clock move, to every open page."""
    hub = request.app[HUB_KEY]
    response = web.StreamResponse(
        headers={
            "Content-Type": "text/event-stream",
            "Cache-Control": "no-cache",
            "X-Accel-Buffering": "no",
        }
    )
    await response.prepare(request)
    page = hub.join()
    try:
        await response.write(b"retry: 1000\n\n")
        while True:
            try:
                event = await asyncio.wait_for(page.get(), KEEPALIVE_SECONDS)
            except TimeoutError:
                await response.write(b": keep-alive\n\n")
                continue
            if event is None:
                break
            await response.write(f"data: {_dumps(event)}\n\n".encode())
    except ConnectionResetError:
        pass  # the page went away
    finally:
        hub.leave(page)
    return response


def _quote(name: str) -> str:
    from urllib.parse import quote

    return quote(name, safe="")


def _dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False)
