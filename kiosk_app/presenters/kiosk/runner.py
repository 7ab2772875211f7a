"""Running the kiosk's blocking work off the UI thread, results back on it.

Two lanes, each one worker thread: "desk" (store: check-in, walk-in, menu) and
"printer" (printing and status), so a printer stuck in its timeout never
delays the next visitor's check-in. `post` hands a callable to the UI thread
(the Qt view supplies one); `InlineRunner` runs everything at once for tests.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from typing import Any, Literal, Protocol, TypeVar

log = logging.getLogger("asanq.kiosk")

T = TypeVar("T")
Lane = Literal["desk", "printer", "forecast"]
LANES: tuple[Lane, ...] = ("desk", "printer")


class Runner(Protocol):
    def run(
        self,
        lane: Lane,
        job: Callable[[], T],
        done: Callable[[T], None],
        failed: Callable[[BaseException], None] | None = None,
    ) -> None:
        """Run `job` on `lane`; call `done(result)` (or `failed(error)`) on the UI thread."""


class InlineRunner:
    """Runs jobs immediately on the caller's thread (presenter tests, the CLI)."""

    def run(
        self,
        lane: Lane,
        job: Callable[[], T],
        done: Callable[[T], None],
        failed: Callable[[BaseException], None] | None = None,
    ) -> None:
        try:
            result = job()
        except Exception as exc:
            log.exception("kiosk job failed")
            if failed is not None:
                failed(exc)
            return
        done(result)


class ThreadRunner:
    """One daemon worker thread per lane; results are posted to the UI thread.
    (The management screen uses it too, with the "desk" lane alone.)"""

    def __init__(
        self,
        post: Callable[[Callable[[], None]], None],
        lanes: tuple[Lane, ...] = LANES,
        name: str = "kiosk",
    ) -> None:
        self._post = post
        self._queues: dict[str, queue.SimpleQueue[Callable[[], None] | None]] = {}
        self._threads: list[threading.Thread] = []
        for lane in lanes:
            q: queue.SimpleQueue[Callable[[], None] | None] = queue.SimpleQueue()
            thread = threading.Thread(
                target=self._work, args=(q,), name=f"{name}-{lane}", daemon=True
            )
            self._queues[lane] = q
            self._threads.append(thread)
            thread.start()

    def run(
        self,
        lane: Lane,
        job: Callable[[], T],
        done: Callable[[T], None],
        failed: Callable[[BaseException], None] | None = None,
    ) -> None:
        def task() -> None:
            try:
                result: Any = job()
            except Exception as exc:
                log.exception("kiosk job failed on the %s lane", lane)
                if failed is not None:
                    error = exc
                    self._post(lambda: failed(error))
                return
            self._post(lambda: done(result))

        self._queues[lane].put(task)

    def _work(self, q: queue.SimpleQueue[Callable[[], None] | None]) -> None:
        while (task := q.get()) is not None:
            task()

    def stop(self, timeout: float = 2.0) -> None:
        for q in self._queues.values():
            q.put(None)
        for thread in self._threads:
            thread.join(timeout)
