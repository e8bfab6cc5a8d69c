"""Only this machine may use the demo: it lets anyone who reaches it act as any persona."""

from __future__ import annotations

import ipaddress
from collections.abc import Awaitable, Callable
from urllib.parse import urlsplit

from aiohttp import web

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1", "[::1]")


def is_loopback(address: str | None) -> bool:
    """Whether a peer address is this machine (127.0.0.0/8, ::1, IPv4-mapped loopback)."""
    if not address:
        return False
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_loopback


def _host_name(value: str | None) -> str:
    """The host part of a Host header or an Origin URL, lower-cased, without the port."""
    if not value:
        return ""
    netloc = urlsplit(value).netloc if "://" in value else value
    host = netloc.rsplit("@", 1)[-1]
    if host.startswith("["):
        return host[: host.find("]") + 1].lower()
    return host.split(":", 1)[0].lower()


@web.middleware
async def loopback_only(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Refuse (403) other machines, pages from other sites, and names that are not loopback.

    The Host check stops DNS rebinding (a web site whose name points at 127.0.0.1); the Origin
    check stops another site's page from posting to the demo from the visitor's own browser.
    """
    if not is_loopback(request.remote):
        raise web.HTTPForbidden(text="the demo answers only this computer (127.0.0.1)")
    if _host_name(request.host) not in LOOPBACK_NAMES:
        raise web.HTTPForbidden(text="open the demo as http://127.0.0.1:<port>/")
    origin = request.headers.get("Origin")
    if origin is not None and _host_name(origin) not in LOOPBACK_NAMES:
        raise web.HTTPForbidden(text="requests from other sites are refused")
    return await handler(request)
