"""Uploaded files: kept with their bytes so tests can read them and getFile can serve them."""

from __future__ import annotations

import struct
from pathlib import PurePosixPath
from typing import Any

from demo.botapi.errors import bad_request
from demo.botapi.state import BotState

_MAX_BYTES = {"document": 50 * 1024 * 1024, "photo": 10 * 1024 * 1024}


def _image_size(data: bytes) -> tuple[int, int]:
    """Width and height of a PNG; other images get a stand-in size."""
    if data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) >= 24:
        width, height = struct.unpack(">II", data[16:24])
        return int(width), int(height)
    return 800, 600


def store_upload(state: BotState, value: Any, *, kind: str) -> dict[str, Any]:
    """The Document or PhotoSize for an upload or an earlier file_id (bytes kept aside)."""
    if isinstance(value, str):
        known = state.files.get(value)
        if known is None:
            if value.startswith(("http://", "https://")):
                raise bad_request("failed to get HTTP URL content")  # the fake has no network
            raise bad_request("wrong file identifier/HTTP URL specified")
        return dict(known)
    data: bytes = value["bytes"]
    if not data:
        raise bad_request("file must be non-empty")
    if len(data) > _MAX_BYTES[kind]:
        raise bad_request("file is too big")
    serial = state.serial()
    name = value.get("file_name") or f"file_{serial}"
    suffix = PurePosixPath(name).suffix
    media: dict[str, Any] = {
        "file_id": f"{'BQAC' if kind == 'document' else 'AgAC'}{serial}",
        "file_unique_id": f"U{serial}",
        "file_size": len(data),
        "file_path": f"{kind}s/file_{serial}{suffix}",
        "bytes": data,
    }
    if kind == "document":
        media["file_name"] = name
        media["mime_type"] = value.get("content_type") or "application/octet-stream"
    else:
        media["width"], media["height"] = _image_size(data)
    state.files[media["file_id"]] = media
    return dict(media)


def get_file(state: BotState, p: dict[str, Any]) -> dict[str, Any]:
    """getFile: the File object; download it from base_file_url + token + '/' + file_path."""
    media = state.files.get(str(p["file_id"]))
    if media is None:
        raise bad_request("invalid file_id")
    return {k: media[k] for k in ("file_id", "file_unique_id", "file_size", "file_path")}


def file_bytes(state: BotState, file_path: str) -> bytes | None:
    """The bytes stored under ``file_path``, if any."""
    for media in state.files.values():
        if media["file_path"] == file_path:
            data: bytes = media["bytes"]
            return data
    return None
