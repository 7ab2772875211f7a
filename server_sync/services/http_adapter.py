"""What every HTTP adapter of an external system shares: the base URL, the timeout,
the `requests` session and the JSON headers with an optional bearer token."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import requests


class BearerJsonClient:
    #: The timeout when the caller gives none (each adapter sets its own).
    default_timeout_s = 5.0

    def __init__(
        self,
        base_url: str,
        timeout_s: float | None = None,
        token: str | None = None,
        session: requests.Session | None = None,
    ) -> None:
        self._base = base_url.rstrip("/")
        self._timeout = self.default_timeout_s if timeout_s is None else timeout_s
        if session is None:
            import requests  # on first use: ~30 ms the ticket path does not need

            session = requests.Session()
        self._session = session
        self._headers = {"Accept": "application/json"}
        if token:
            self._headers["Authorization"] = f"Bearer {token}"
