"""Real parts for the central service's tests: uvicorn on loopback, an SMTP
server (aiosmtpd) that keeps what it receives, and a migrated store."""

from __future__ import annotations

import email
import email.policy
import re
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Any

import uvicorn
from aiosmtpd.controller import Controller
from fastapi import FastAPI

from server_sync.app import create_app
from server_sync.config import BookingSettings, ServerSettings, SmtpSettings
from server_sync.kernel.clock import Clock
from server_sync.services.accounts.demo import seed_demo_people
from server_sync.services.identity import DemoIdentityRegistry
from server_sync.settings import CentralSettings
from server_sync.store.db import create_store_engine
from server_sync.store.migrate import upgrade
from tests.factories import catalogue_dict


def wait_for(condition: Callable[[], Any], timeout: float = 10.0, what: str = "condition") -> Any:
    """Poll `condition` until it is truthy; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.01)


def plain_text(message: EmailMessage) -> str:
    part = message.get_body(("plain",))
    assert part is not None, "no text/plain part"
    return str(part.get_content())


@dataclass
class Inbox:
    """Messages an aiosmtpd server on loopback received."""

    messages: list[EmailMessage] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self.lock:
            self.messages.append(message)
        return "250 OK"

    def to(self, address: str, kind: str | None = None) -> list[EmailMessage]:
        with self.lock:
            return [
                m
                for m in self.messages
                if address in str(m["To"]) and (kind is None or m["X-Asanq-Kind"] == kind)
            ]

    def wait_code(self, address: str, count: int = 1) -> str:
        """The 6-digit code of the `count`-th code e-mail sent to `address`."""
        mails = wait_for(
            lambda: len(self.to(address, "code")) >= count and self.to(address, "code"),
            what=f"code mail to {address}",
        )
        found = re.search(r"\b(\d{6})\b", plain_text(mails[count - 1]))
        assert found, "no 6-digit code in the mail"
        return found.group(1)

    def wait_kind(self, address: str, kind: str) -> EmailMessage:
        message: EmailMessage = wait_for(
            lambda: self.to(address, kind) and self.to(address, kind)[-1],
            what=f"{kind} mail to {address}",
        )
        return message


def free_port() -> int:
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port: int = probe.getsockname()[1]
    probe.close()
    return port


@contextmanager
def smtp_server(port: int | None = None) -> Iterator[tuple[Inbox, int]]:
    inbox = Inbox()
    port = port or free_port()  # aiosmtpd's start() connects to its port: no port 0
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()


def config(db_url: str, smtp_port: int = 25, jobs: bool = True, **booking: Any) -> CentralSettings:
    return CentralSettings(
        server=ServerSettings(
            db_url=db_url,
            secret_key="test-secret",
            job_interval_s=0.5,
            jobs=jobs,
        ),
        booking=BookingSettings(**booking),
        smtp=SmtpSettings(host="127.0.0.1", port=smtp_port, timeout_s=2),
    )


def prepared_app(
    cfg: CentralSettings, clock: Clock, catalogue: dict[str, Any] | None = None, **kwargs: Any
) -> FastAPI:
    engine = create_store_engine(cfg.server.db_url, 20)
    upgrade(engine)
    seed_demo_people(engine)
    kwargs.setdefault("registry", DemoIdentityRegistry(engine))
    app = create_app(cfg, clock=clock, engine=engine, **kwargs)
    app.state.services.catalogue.publish(catalogue or catalogue_dict(), clock.now())
    return app


@contextmanager
def running(app: FastAPI) -> Iterator[str]:
    """Serve `app` with a real uvicorn on a free loopback port; yields its base URL."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    # keep-alive as long as a reverse proxy's: uvicorn's 5 s lets a loaded machine close
    # a pooled connection just as the client sends on it ("disconnected without a response")
    server = uvicorn.Server(
        uvicorn.Config(
            app,
            log_level="warning",
            access_log=False,
            lifespan="on",
            timeout_graceful_shutdown=2,
            timeout_keep_alive=60,
        )
    )
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    wait_for(lambda: server.started, what="uvicorn start")
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()
        app.state.services.engine.dispose()


def form(code: str, email_address: str, **changes: str) -> dict[str, str]:
    """A valid seed-003 booking for Tuesday 24 November 2026 at 10:00, baku-1, passport."""
    data = {
        "first_name": "Aysel",
        "last_name": "Məmmədova",
        "father_name": "Rauf qızı",
        "id_document": "AZE12345678",
        "phone": "+994 50 123 45 67",
        "email": email_address,
        "centre": "baku-1",
        "service": "passport",
        "date": "2026-11-24",
        "time": "10:00",
        "confirmation_code": code,
    }
    data.update(changes)
    return data
