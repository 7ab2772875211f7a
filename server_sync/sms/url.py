"""The `sms.url` setting, parsed: which transport and where.

smpp://SYSTEM_ID:PASSWORD@HOST[:2775][?receipts=receiver|transceiver|off&system_type=X]
https://gateway.example/send      (http:// too; the http_* settings shape the request)
file://var/sms                    a folder, relative to the working directory
file:///srv/asanq/sms             an absolute folder

Errors never repeat the password: the URL is shown with it replaced by `***`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal
from urllib.parse import parse_qsl, unquote, urlsplit

from server_sync.sms.port import SmsConfigError

Receipts = Literal["receiver", "transceiver", "off"]
SMPP_PORT = 2775
_HINT = "use smpp://SYSTEM_ID:PASSWORD@HOST:2775, https://GATEWAY/PATH or file://FOLDER"
_SMPP_OPTIONS = {"receipts", "system_type"}


@dataclass(frozen=True)
class SmppAddress:
    host: str
    port: int
    system_id: str
    password: str
    system_type: str = ""
    receipts: Receipts = "receiver"

    @property
    def redacted(self) -> str:
        return f"smpp://{self.system_id}:***@{self.host}:{self.port}"


@dataclass(frozen=True)
class HttpAddress:
    url: str

    @property
    def redacted(self) -> str:
        parts = urlsplit(self.url)
        return f"{parts.scheme}://{parts.hostname}{parts.path}"


@dataclass(frozen=True)
class FileAddress:
    folder: Path

    @property
    def redacted(self) -> str:
        return f"file://{self.folder}"


SmsAddress = SmppAddress | HttpAddress | FileAddress


def redact(url: str) -> str:
    """`url` with any password replaced by `***` (for messages and logs)."""
    scheme, sep, rest = url.partition("://")
    userinfo, at, hostpart = rest.rpartition("@")
    if not (sep and at):
        return url
    user, colon, _ = userinfo.partition(":")
    return f"{scheme}://{user}{':***' if colon else ''}@{hostpart}"


def _fail(url: str, why: str) -> SmsConfigError:
    return SmsConfigError(f"SMS URL {redact(url)!r}: {why}; {_HINT}")


def parse_sms_url(url: str) -> SmsAddress:
    """Parse `url`; a garbled or unknown one raises SmsConfigError saying why."""
    text = url.strip()
    scheme, sep, rest = text.partition("://")
    scheme = scheme.lower()
    if not sep or not scheme:
        raise _fail(url, "no scheme")
    if scheme == "smpp":
        return _smpp(url, text)
    if scheme in ("http", "https"):
        parts = urlsplit(text)
        if not parts.hostname:
            raise _fail(url, "no host")
        try:
            parts.port  # noqa: B018 - validates the port
        except ValueError:
            raise _fail(url, "the port is not a number from 1 to 65535") from None
        return HttpAddress(text)
    if scheme == "file":
        if "?" in rest or "#" in rest:
            raise _fail(url, "a file URL is just a folder")
        folder = unquote(rest[len("localhost") :] if rest.startswith("localhost/") else rest)
        if not folder.strip("/"):
            raise _fail(url, "no folder")
        return FileAddress(Path(folder))
    raise _fail(url, f"unknown scheme {scheme!r}")


def _smpp(url: str, text: str) -> SmppAddress:
    parts = urlsplit(text)
    try:
        port = parts.port or SMPP_PORT
    except ValueError:
        raise _fail(url, "the port is not a number from 1 to 65535") from None
    if not parts.hostname:
        raise _fail(url, "no host")
    if parts.path.strip("/"):
        raise _fail(url, "an SMPP URL has no path")
    system_id = unquote(parts.username or "")
    password = unquote(parts.password or "")
    if not system_id:
        raise _fail(url, "no system_id (smpp://SYSTEM_ID:PASSWORD@HOST)")
    if len(system_id) > 15 or len(password) > 8:
        raise _fail(url, "SMPP 3.4 allows a system_id of 15 and a password of 8 characters")
    if not (system_id + password).isascii():
        raise _fail(url, "system_id and password must be ASCII")
    options = dict(parse_qsl(parts.query, keep_blank_values=True))
    unknown = set(options) - _SMPP_OPTIONS
    if unknown:
        raise _fail(url, f"unknown SMPP option(s) {', '.join(sorted(unknown))}")
    receipts = options.get("receipts", "receiver")
    if receipts not in ("receiver", "transceiver", "off"):
        raise _fail(url, "receipts must be receiver, transceiver or off")
    system_type = options.get("system_type", "")
    if len(system_type) > 12 or not system_type.isascii():
        raise _fail(url, "system_type is at most 12 ASCII characters")
    return SmppAddress(
        parts.hostname,
        port,
        system_id,
        password,
        system_type,
        receipts,  # type: ignore[arg-type]
    )
