"""HTTP client of the sync protocol (requests, one keep-alive session).

Errors are split by blame: `CentralUnavailable` when the central service
cannot be reached or fails (network, timeout, 5xx: try again later), and
`CentralRefused` when it answers a 4xx (our token or message is wrong:
retrying the same thing will not help).
"""

from __future__ import annotations

import json
from typing import Any, TypeVar

import requests
from pydantic import BaseModel, ValidationError

from server_sync.sync.protocol import (
    PROTOCOL_VERSION,
    BookingRecord,
    Heartbeat,
    HeartbeatAck,
    PullResponse,
    PushBatch,
    PushResult,
)

M = TypeVar("M", bound=BaseModel)


class CentralUnavailable(Exception):
    """The central service cannot answer now (network, timeout, 5xx)."""


class CentralRefused(Exception):
    """The central service refused the request (4xx); `status` says how."""

    def __init__(self, status: int, detail: str) -> None:
        super().__init__(f"HTTP {status}: {detail[:300]}")
        self.status = status
        self.detail = detail

    def problems(self) -> list[tuple[str, str]]:
        """The (field, code) pairs of central's `{"errors": […]}` answer, if any."""
        try:
            document = json.loads(self.detail)
        except ValueError:
            return []
        errors = document.get("errors") if isinstance(document, dict) else None
        if not isinstance(errors, list):
            return []
        return [
            (str(e.get("field", ""))[:80], str(e.get("code", ""))[:40])
            for e in errors
            if isinstance(e, dict)
        ]

    def names_an_event(self) -> bool:
        """Whether central refused something inside the batch's events (one bad
        event, which a smaller batch leaves out) rather than the batch as a whole
        (the centre's name, the protocol, the token, the address)."""
        if self.status == 413:
            return True
        if self.status not in (400, 403, 409, 422):
            return False
        return any(f == "events" or f.startswith("events.") for f, _ in self.problems())

    def reason(self) -> str:
        """Central's answer in one line of field and reason codes (no personal data)."""
        found = self.problems()
        if not found:
            return f"HTTP {self.status}"
        return f"HTTP {self.status}: " + ", ".join(f"{f} {c}" for f, c in found)[:480]


class SyncClient:
    def __init__(self, central_url: str, token: str, timeout_s: float = 10.0) -> None:
        self.base = central_url.rstrip("/") + "/api/v1/sync"
        self.timeout_s = timeout_s
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"Bearer {token}"
        self.session.headers["User-Agent"] = "asan-queue-sync/1"

    def close(self) -> None:
        self.session.close()

    def _request(
        self, method: str, path: str, *, timeout: float | None = None, **kwargs: Any
    ) -> requests.Response:
        try:
            response = self.session.request(
                method, self.base + path, timeout=timeout or self.timeout_s, **kwargs
            )
        except requests.RequestException as exc:
            raise CentralUnavailable(f"{type(exc).__name__}: {exc}") from None
        if response.status_code >= 500:
            raise CentralUnavailable(f"HTTP {response.status_code}")
        if response.status_code >= 400 and response.status_code != 404:
            raise CentralRefused(response.status_code, response.text[:4000])
        return response

    def pull(
        self,
        cursor: int,
        config_cursor: int,
        limit: int,
        count: bool,
        catalogue_since: int | None = None,
    ) -> PullResponse:
        params: dict[str, int | str] = {
            "cursor": cursor,
            "config_cursor": config_cursor,
            "limit": limit,
            "count": "true" if count else "false",
            "protocol": PROTOCOL_VERSION,
        }
        if catalogue_since is not None:
            params["catalogue_since"] = catalogue_since
        response = self._request("GET", "/pull", params=params)
        return _parse(PullResponse, response)

    def push(self, batch: PushBatch) -> PushResult:
        # pydantic writes the JSON itself: no dict of 500 events built and dumped again
        data = batch.model_dump_json().encode("utf-8")
        response = self._request("POST", "/events", data=data, headers=_JSON)
        return _parse(PushResult, response)

    def heartbeat(self, beat: Heartbeat) -> HeartbeatAck:
        document = beat.model_dump(mode="json")
        if not beat.parked_events and not beat.parked:
            # nothing parked: the heartbeat an older central service knows (it refuses
            # fields it does not know)
            document.pop("parked_events")
            document.pop("parked")
        response = self._request("POST", "/heartbeat", **_body(document))
        return _parse(HeartbeatAck, response)

    def lookup(self, order_code: str, timeout_s: float) -> BookingRecord | None:
        response = self._request("GET", f"/lookup/{order_code}", timeout=timeout_s)
        if response.status_code == 404:
            return None
        return _parse(BookingRecord, response)

    def application(self, number: str) -> dict[str, Any] | None:
        """An application for this centre's counter (None: not found or not ours)."""
        response = self._request("GET", f"/applications/{number}")
        if response.status_code == 404:
            return None
        try:
            found = response.json()
        except ValueError:
            raise CentralUnavailable("not JSON") from None
        if not isinstance(found, dict):
            raise CentralUnavailable("not a JSON object")
        return found

    def application_file(self, number: str, position: int) -> bytes | None:
        """One attached file, fetched on demand (None when gone)."""
        response = self._request("GET", f"/applications/{number}/files/{position}")
        return None if response.status_code == 404 else response.content


_JSON = {"Content-Type": "application/json"}


def _body(document: object) -> dict[str, Any]:
    return {"data": json.dumps(document, ensure_ascii=False).encode("utf-8"), "headers": _JSON}


def _parse(model: type[M], response: requests.Response) -> M:
    if response.status_code == 404:
        raise CentralRefused(404, "not found (is this the central service's URL?)")
    try:
        return model.model_validate_json(response.content)
    except (ValidationError, ValueError) as exc:
        raise CentralUnavailable(f"unreadable answer: {str(exc).splitlines()[0]}") from None
