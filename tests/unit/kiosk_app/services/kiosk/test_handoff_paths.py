"""Where `asan-queue ticket` looks for a running kiosk (`kiosk.ticket_socket`)."""

from __future__ import annotations

import json
from pathlib import Path

from kiosk_app.services.kiosk.handoff import TicketRequest, parse_request, socket_path


def test_auto_is_beside_a_sqlite_store_and_off_for_postgresql(tmp_path: Path) -> None:
    assert socket_path("auto", f"sqlite:///{tmp_path}/centre.db") == tmp_path / "centre.kiosk.sock"
    assert socket_path("auto", "postgresql+psycopg://asanq@localhost/asanq") is None
    assert socket_path("auto", "sqlite:///:memory:") is None
    assert socket_path("", f"sqlite:///{tmp_path}/centre.db") is None  # off
    assert socket_path("/run/asanq/k.sock", "postgresql://x/y") == Path("/run/asanq/k.sock")


def test_a_store_too_deep_for_a_socket_path_has_no_handoff(tmp_path: Path) -> None:
    """Not a name in the shared /tmp instead: another user could listen there."""
    deep = tmp_path / ("d" * 60) / ("e" * 60)
    assert socket_path("auto", f"sqlite:///{deep}/centre.db") is None
    assert socket_path("/run/asanq/k.sock", f"sqlite:///{deep}/centre.db") == Path(
        "/run/asanq/k.sock"
    )


def test_a_request_round_trips_and_gets_a_request_id() -> None:
    sent = TicketRequest(service_id="water", language="ru")
    got = parse_request(json.dumps(sent.to_wire()).encode())
    assert (got.service_id, got.code, got.language) == ("water", None, "ru")
    assert got.request_id is not None
    assert got.request_id.startswith("cli-")
