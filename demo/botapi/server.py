"""The HTTP side of the fake Telegram Bot API: routes, long polling, start and stop."""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from collections.abc import Callable
from typing import Any

from aiohttp import web

from demo.botapi import files, methods_misc, methods_send
from demo.botapi.errors import ApiError, bad_request
from demo.botapi.limits import RateLimits
from demo.botapi.simulate import UserSimulation
from demo.botapi.state import BotState, RequestRecord
from demo.botapi.validation import decode_params, method_names

Handler = Callable[[BotState, dict[str, Any]], Any]

HANDLERS: dict[str, Handler] = {
    "getMe": methods_misc.get_me,
    "setWebhook": methods_misc.set_webhook,
    "deleteWebhook": methods_misc.delete_webhook,
    "getWebhookInfo": methods_misc.get_webhook_info,
    "logOut": methods_misc.ok,
    "close": methods_misc.ok,
    "setChatMenuButton": methods_misc.ok,
    "setMyCommands": methods_misc.set_my_commands,
    "deleteMyCommands": methods_misc.delete_my_commands,
    "getMyCommands": methods_misc.get_my_commands,
    "answerCallbackQuery": methods_misc.answer_callback_query,
    "getChat": methods_misc.get_chat,
    "sendChatAction": methods_misc.send_chat_action,
    "getFile": files.get_file,
    "sendMessage": methods_send.send_message,
    "sendDocument": methods_send.send_document,
    "sendPhoto": methods_send.send_photo,
    "sendLocation": methods_send.send_location,
    "editMessageText": methods_send.edit_message_text,
    "editMessageReplyMarkup": methods_send.edit_message_reply_markup,
    "deleteMessage": methods_send.delete_message,
}
_WEBHOOK_CONFLICT = (
    "Conflict: can't use getUpdates method while webhook is active; "
    "use deleteWebhook to delete the webhook first"
)


class FakeBotAPI(UserSimulation):
    """A local Telegram Bot API that python-telegram-bot talks to over real HTTP."""

    def __init__(
        self,
        *,
        token: str = "123456:TEST",
        bot_username: str = "shiftbot_demo_bot",
        limits: RateLimits | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(token=token, bot_username=bot_username, limits=limits, clock=clock)
        self.app = web.Application(client_max_size=60 * 1024 * 1024)
        self.app.router.add_route("*", "/bot{token}/{method}", self._handle)
        self.app.router.add_get("/file/bot{token}/{path:.+}", self._download)
        self._runner: web.AppRunner | None = None
        self._root: str | None = None
        self._stopping = False
        self.polls_waiting = 0  # getUpdates calls now inside their long poll

    @property
    def base_url(self) -> str:
        """What to pass to ApplicationBuilder.base_url: "http://127.0.0.1:PORT/bot"."""
        return f"{self._started_root()}/bot"

    @property
    def base_file_url(self) -> str:
        """What to pass to ApplicationBuilder.base_file_url."""
        return f"{self._started_root()}/file/bot"

    def _started_root(self) -> str:
        if self._root is None:
            raise RuntimeError("FakeBotAPI is not started: await api.start() first")
        return self._root

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> None:
        """Serve on ``host``:``port`` (0 picks a free port)."""
        self._stopping = False
        self._runner = web.AppRunner(self.app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, host, port)
        await site.start()
        bound = self._runner.addresses[0]
        self._root = f"http://{host}:{bound[1]}"

    async def stop(self) -> None:
        """End waiting long polls and stop serving."""
        self._stopping = True
        self.notify()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def wait_for(
        self,
        predicate: Callable[[], bool],
        timeout: float = 5.0,  # noqa: ASYNC109 (the agreed signature)
    ) -> None:
        """Wait until ``predicate()`` holds, re-checking after every call and user action."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not predicate():
            remaining = deadline - loop.time()
            if remaining <= 0:
                recent = [f"{r.method}->{r.status}" for r in self.requests[-8:]]
                raise TimeoutError(
                    f"condition not met within {timeout}s; last Bot API calls: {recent}; "
                    f"undelivered updates: {len(self.updates)}"
                )
            await self.changed(remaining)

    async def _raw_params(self, request: web.Request) -> dict[str, Any]:
        raw: dict[str, Any] = dict(request.query)
        if request.content_type == "application/json":
            try:
                body = await request.json()
            except ValueError:
                raise bad_request("can't parse JSON encoded request body") from None
            if not isinstance(body, dict):
                raise bad_request("request body must be a JSON object")
            raw.update(body)
        elif request.can_read_body:
            raw.update(await request.post())
        # Files may be attached under another name and referenced as attach://name.
        for key, value in list(raw.items()):
            if isinstance(value, str) and value.startswith("attach://"):
                raw[key] = raw.get(value.removeprefix("attach://"), value)
        return raw

    async def _handle(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return web.json_response(ApiError(401, "Unauthorized").payload(), status=401)
        name = method_names().get(request.match_info["method"].lower())
        if name is None:
            record = RequestRecord(request.match_info["method"], {}, 404, self.clock())
            self.requests.append(record)
            return web.json_response(ApiError(404, "Not Found").payload(), status=404)
        params: dict[str, Any] = {}
        error: ApiError | None = None
        try:
            params = await self._raw_params(request)
            params = decode_params(name, params)
            body: dict[str, Any] = {"ok": True, "result": await self._call(name, params)}
        except ApiError as failure:
            error, body = failure, failure.payload()
        status = 200 if error is None else error.code
        description = None if error is None else error.description
        chat_id = params.get("chat_id")
        self.requests.append(
            RequestRecord(name, params, status, self.clock(), chat_id, description)
        )
        self.notify()
        return web.json_response(body, status=status, dumps=_dumps)

    async def _call(self, name: str, params: dict[str, Any]) -> Any:
        if name == "getUpdates":
            return await self._get_updates(params)
        handler = HANDLERS.get(name)
        if handler is None:
            raise bad_request(f"method {name} is not implemented by the fake Bot API")
        return handler(self, params)

    async def _get_updates(self, p: dict[str, Any]) -> list[dict[str, Any]]:
        """Long polling: ``offset`` confirms earlier updates; wait up to ``timeout`` s."""
        if self.webhook:
            raise ApiError(409, _WEBHOOK_CONFLICT)
        offset = p.get("offset")
        if offset is not None and offset < 0:
            while len(self.updates) > -offset:
                self.updates.popleft()
        elif offset is not None:
            while self.updates and self.updates[0]["update_id"] < offset:
                self.updates.popleft()
        loop = asyncio.get_running_loop()
        deadline = loop.time() + float(p.get("timeout", 0))
        self.polls_waiting += 1
        self.notify()
        try:
            while not self.updates and not self._stopping:
                remaining = deadline - loop.time()
                if remaining <= 0:
                    break
                await self.changed(remaining)
        finally:
            self.polls_waiting -= 1
        limit = min(max(int(p.get("limit", 100)), 1), 100)
        return list(itertools.islice(self.updates, limit))

    async def _download(self, request: web.Request) -> web.Response:
        data = files.file_bytes(self, request.match_info["path"])
        if request.match_info["token"] != self.token or data is None:
            return web.json_response(
                {"ok": False, "error_code": 404, "description": "Not Found"}, status=404
            )
        return web.Response(body=data)


def _dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False)
