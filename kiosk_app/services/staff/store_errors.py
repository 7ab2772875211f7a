"""Turning a database outage into StoreUnavailable for the staff screens.

A lost connection or a locked/damaged file is the environment's fault: the
operator gets one clear line and the log gets the detail; our own bugs
(anything else) still raise loudly.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from sqlalchemy.exc import DBAPIError, OperationalError

from kiosk_app.services.staff.types import StoreUnavailable
from kiosk_app.store.engine import StoreError

log = logging.getLogger("asanq.staff")

P = ParamSpec("P")
R = TypeVar("R")


def store_errors(fn: Callable[P, R]) -> Callable[P, R]:
    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return fn(*args, **kwargs)
        except (OperationalError, DBAPIError, StoreError) as exc:
            detail = str(getattr(exc, "orig", exc)).strip().splitlines()
            line = detail[0] if detail else type(exc).__name__
            log.warning("store unavailable in %s: %s", fn.__name__, line)
            raise StoreUnavailable(line) from exc

    return wrapper
