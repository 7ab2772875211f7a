"""The systemd notification protocol (`sd_notify`): READY=1, WATCHDOG=1, STATUS=….

A unit with `Type=notify` and `WatchdogSec=` hands the process `$NOTIFY_SOCKET`
(a datagram socket, `@` for the abstract namespace) and `$WATCHDOG_USEC`. Outside
systemd both are unset and every call is a no-op, so the programs need no switch.
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Mapping

log = logging.getLogger("asanq.systemd")


class Notifier:
    """Sends notifications to the service manager, if there is one."""

    def __init__(self, address: str | None, watchdog_usec: int | None = None) -> None:
        self.address = address
        self.watchdog_usec = watchdog_usec
        self._sock: socket.socket | None = None

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Notifier:
        """From `$NOTIFY_SOCKET` and `$WATCHDOG_USEC` (for this process only: a
        `$WATCHDOG_PID` naming another process means the watchdog is not ours)."""
        env = os.environ if env is None else env
        usec: int | None = None
        pid = env.get("WATCHDOG_PID")
        if env.get("WATCHDOG_USEC", "").isdigit() and (pid is None or pid == str(os.getpid())):
            usec = int(env["WATCHDOG_USEC"]) or None
        return cls(env.get("NOTIFY_SOCKET") or None, usec)

    @property
    def enabled(self) -> bool:
        return self.address is not None

    @property
    def ping_interval_s(self) -> float | None:
        """How often to send WATCHDOG=1: half the unit's `WatchdogSec=`, or None."""
        return self.watchdog_usec / 2_000_000 if self.watchdog_usec else None

    def ready(self, status: str = "") -> None:
        self._send("READY=1" + (f"\nSTATUS={status}" if status else ""))

    def watchdog(self) -> None:
        self._send("WATCHDOG=1")

    def status(self, text: str) -> None:
        self._send(f"STATUS={text}")

    def stopping(self) -> None:
        self._send("STOPPING=1")

    def _send(self, message: str) -> None:
        if self.address is None:
            return
        target = "\0" + self.address[1:] if self.address.startswith("@") else self.address
        try:
            if self._sock is None:
                self._sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC)
            self._sock.sendto(message.encode(), target)
        except OSError as exc:  # the manager went away: nothing we can do but say so
            log.warning("cannot notify systemd at %s: %s", self.address, exc)

    def close(self) -> None:
        if self._sock is not None:
            self._sock.close()
            self._sock = None
