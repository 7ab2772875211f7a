"""Real network parts for sync tests: a restartable uvicorn on a fixed loopback
port, and a tiny TCP proxy that can refuse connections, cut a request half-way
or swallow the server's answer after the server has committed."""

from __future__ import annotations

import socket
import threading
from contextlib import suppress

import uvicorn
from fastapi import FastAPI

from tests.integration.server_sync.helpers import wait_for


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class CentralServer:
    """The central app under real uvicorn; `stop()` and `start()` keep the port."""

    def __init__(self, app: FastAPI, port: int | None = None) -> None:
        self.app = app
        self.port = port or free_port()
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", self.port))
        config = uvicorn.Config(
            self.app,
            log_level="warning",
            access_log=False,
            lifespan="on",
            timeout_graceful_shutdown=1,
        )
        server = uvicorn.Server(config)
        thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
        thread.start()
        wait_for(lambda: server.started, what="uvicorn start")
        self._server, self._thread, self._sock = server, thread, sock

    def stop(self) -> None:
        if self._server is None or self._thread is None:
            return
        self._server.should_exit = True
        self._thread.join(timeout=10)
        self._sock.close()
        self._server = self._thread = None


class FaultyProxy:
    """Forwards loopback TCP to `target_port`. Modes: "pass"; "down" (close every
    connection at once); "hang" (never answer); "cut_request" (forward the first `cut_after` bytes of
    a request, then close); "drop_response" (forward the request, wait for the
    answer to start, swallow it and close: the server has committed)."""

    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self.mode = "pass"
        self.cut_after = 200
        self.faults = 0
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self._stop = False
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def close(self) -> None:
        self._stop = True
        with suppress(OSError):
            self._listener.close()

    def _accept(self) -> None:
        while not self._stop:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _serve(self, client: socket.socket) -> None:
        mode = self.mode
        if mode == "down":
            self.faults += 1
            client.close()
            return
        if mode == "hang":  # accept, never answer (a black-holed link)
            self.faults += 1
            with suppress(OSError):
                while client.recv(65536):
                    pass
            client.close()
            return
        try:
            upstream = socket.create_connection(("127.0.0.1", self.target_port), timeout=10)
        except OSError:
            client.close()
            return
        done = threading.Event()

        def up() -> None:
            sent = 0
            with suppress(OSError):
                while chunk := client.recv(65536):
                    if self.mode == "cut_request" and sent + len(chunk) > self.cut_after:
                        upstream.sendall(chunk[: max(self.cut_after - sent, 1)])
                        self.faults += 1
                        break
                    upstream.sendall(chunk)
                    sent += len(chunk)
            done.set()

        def down() -> None:
            with suppress(OSError):
                while chunk := upstream.recv(65536):
                    if self.mode == "drop_response":
                        self.faults += 1
                        break
                    client.sendall(chunk)
            done.set()

        threading.Thread(target=up, daemon=True).start()
        threading.Thread(target=down, daemon=True).start()
        done.wait()
        for sock in (client, upstream):
            with suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()
