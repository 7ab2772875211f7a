"""The HTTP gateway adapter against a real HTTP server on loopback (no mocks)."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

import pytest

from server_sync.config import SmsSettings
from server_sync.kernel.settings_model import validated
from server_sync.sms import SmsConfigError, SmsMessage, SmsPermanentError, SmsTemporaryError
from server_sync.sms.http_gateway import HttpGatewaySender
from server_sync.sms.url import HttpAddress

from .conftest import TIMEOUT_S

PHONE = "+994501234567"


@dataclass
class Seen:
    method: str
    path: str
    query: list[tuple[str, str]]
    headers: dict[str, str]
    body: bytes


@dataclass
class Gateway:
    """What the fake provider answers next, and every request it got."""

    url: str = ""
    status: int = 200
    answer: bytes = b'{"status": "ok", "result": {"id": "gw-1"}}'
    headers: dict[str, str] = field(default_factory=dict)
    hold: threading.Event | None = None  # answer only once this is set
    seen: list[Seen] = field(default_factory=list)


@pytest.fixture
def gateway() -> Iterator[Gateway]:
    state = Gateway()

    class Handler(BaseHTTPRequestHandler):
        def _any(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            parts = urlsplit(self.path)
            state.seen.append(
                Seen(
                    self.command,
                    parts.path,
                    parse_qsl(parts.query, keep_blank_values=True),
                    dict(self.headers),
                    self.rfile.read(length),
                )
            )
            if state.hold is not None:
                state.hold.wait(10)
            self.send_response(state.status)
            for name, value in state.headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(state.answer)))
            self.end_headers()
            self.wfile.write(state.answer)

        do_GET = do_POST = do_PUT = _any

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}/api/send"
    yield state
    if state.hold is not None:
        state.hold.set()
    server.shutdown()
    server.server_close()


def _sender(gateway: Gateway, **settings: object) -> HttpGatewaySender:
    values: dict[str, object] = {"timeout_s": TIMEOUT_S}
    values.update(settings)
    return HttpGatewaySender(HttpAddress(gateway.url), validated(SmsSettings, values))


def test_the_default_form_post_carries_number_sender_text_and_reference(gateway: Gateway) -> None:
    result = _sender(gateway).send(SmsMessage(PHONE, "Növbəniz: A042 & sağ olun", reference="o-9"))
    [seen] = gateway.seen
    assert (seen.method, seen.path) == ("POST", "/api/send")
    assert seen.headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert parse_qsl(seen.body.decode()) == [
        ("to", PHONE),
        ("from", "ASAN"),
        ("text", "Növbəniz: A042 & sağ olun"),
        ("ref", "o-9"),
    ]
    assert (result.message_ids, result.parts, result.data_coding) == ((), 1, 8)


def test_a_json_template_with_a_bearer_secret_and_message_id(gateway: Gateway) -> None:
    body = '{"messages": [{"msisdn": "{to}", "msg": "{text}"}], "originator": "{sender}", "n": 1}'
    sender = _sender(
        gateway,
        http_format="json",
        http_body=body,
        http_secret="Bearer t0ken",
        http_headers=["Accept: application/json"],
        http_success_field="status",
        http_success_regex="^ok$",
        http_message_id_field="result.id",
    )
    text = 'Quote " brace } and {to} stay text'
    result = sender.send(SmsMessage(PHONE, text))
    [seen] = gateway.seen
    assert seen.headers["Authorization"] == "Bearer t0ken"
    assert seen.headers["Accept"] == "application/json"
    assert json.loads(seen.body) == {
        "messages": [{"msisdn": PHONE, "msg": text}],
        "originator": "ASAN",
        "n": 1,
    }
    assert result.message_ids == ("gw-1",)


def test_a_query_template_with_the_secret_as_a_field(gateway: Gateway) -> None:
    sender = _sender(
        gateway,
        http_method="GET",
        http_format="query",
        http_body="login=asan&key={secret}&msisdn={to}&msg={text}",
        http_secret="k3y",
        http_auth_header="",
    )
    sender.send(SmsMessage(PHONE, "Salam"))
    [seen] = gateway.seen
    assert seen.method == "GET"
    assert seen.query == [("login", "asan"), ("key", "k3y"), ("msisdn", PHONE), ("msg", "Salam")]
    assert "Authorization" not in seen.headers


@pytest.mark.parametrize("status", [400, 404, 422])
def test_a_4xx_refusal_is_permanent(gateway: Gateway, status: int) -> None:
    gateway.status, gateway.answer = status, b'{"error": "bad number +994501234567"}'
    with pytest.raises(SmsPermanentError, match=f"HTTP {status}") as caught:
        _sender(gateway).send(SmsMessage(PHONE, "hi"))
    assert "501234567" not in str(caught.value)  # the echoed number is masked


@pytest.mark.parametrize("status", [500, 502, 503, 401, 429])
def test_server_errors_credentials_and_throttling_are_temporary(
    gateway: Gateway, status: int
) -> None:
    gateway.status, gateway.headers = status, {"Retry-After": "7"}
    with pytest.raises(SmsTemporaryError, match=f"HTTP {status}") as caught:
        _sender(gateway).send(SmsMessage(PHONE, "hi"))
    assert caught.value.retry_after_s == 7


def test_a_2xx_that_fails_the_success_check_is_permanent(gateway: Gateway) -> None:
    gateway.answer = b'{"status": "error", "reason": "blocked"}'
    sender = _sender(gateway, http_success_field="status", http_success_regex="^ok$")
    with pytest.raises(SmsPermanentError, match="status = 'error'"):
        sender.send(SmsMessage(PHONE, "hi"))
    gateway.answer = b"ERR 17"
    with pytest.raises(SmsPermanentError, match="ERR 17"):
        _sender(gateway, http_success_regex="^OK").send(SmsMessage(PHONE, "hi"))
    gateway.answer = b"OK 123"
    _sender(gateway, http_success_regex="^OK").send(SmsMessage(PHONE, "hi"))


def test_a_gateway_that_does_not_answer_times_out_within_the_bound(gateway: Gateway) -> None:
    gateway.hold = threading.Event()
    started = time.monotonic()
    with pytest.raises(SmsTemporaryError, match="no answer within") as caught:
        _sender(gateway).send(SmsMessage(PHONE, "hi"))
    assert time.monotonic() - started < TIMEOUT_S * 3
    assert caught.value.maybe_sent is True


def test_nobody_listening_is_temporary() -> None:
    sender = HttpGatewaySender(HttpAddress("http://127.0.0.1:9/send"), SmsSettings())
    with pytest.raises(SmsTemporaryError, match="ConnectionError"):
        sender.send(SmsMessage(PHONE, "hi"))


@pytest.mark.parametrize(
    ("settings", "why"),
    [
        ({"http_body": "to={to}&x={phone}"}, "unknown placeholder {phone}"),
        ({"http_body": "to={to.__class__}"}, "unknown placeholder"),
        ({"http_body": "to={to!r}"}, "unknown placeholder"),
        ({"http_format": "json", "http_body": "{not json"}, "not a JSON document"),
        ({"http_body": "justtext"}, "name={placeholder}"),
        ({"http_headers": ["NoColon"]}, "is not 'Name: value'"),
        ({"http_success_regex": "("}, "http_success_regex"),
        ({"sender": "Çox uzun göndərən"}, "sms.sender"),
    ],
)
def test_settings_that_cannot_work_fail_at_start(
    gateway: Gateway, settings: dict[str, object], why: str
) -> None:
    with pytest.raises(SmsConfigError, match=why.replace("{", r"\{").replace("(", r"\(")):
        _sender(gateway, **settings)
