"""New files that appear whole and never replace an older one, even after a restart.

The demo's SMS folder and the SMSC emulator's message folder are read by people and
tests while messages arrive: a reader must never see half a file, and a restarted
process must never overwrite what an earlier run wrote.
"""

from __future__ import annotations

import itertools
import os
import threading
import uuid
from datetime import datetime
from pathlib import Path

_counter = itertools.count(1)
_lock = threading.Lock()


def write_new_file(folder: Path, prefix: str, suffix: str, data: bytes, when: datetime) -> Path:
    """Write `data` as `<prefix>-<YYYYmmddTHHMMSS>-<NNNN><suffix>` in `folder`.

    The data goes to a hidden temporary file first, which is then hard-linked under
    the first free name: the link fails rather than replace an existing file, so
    two processes (or two runs in the same second) never overwrite each other.
    """
    folder.mkdir(parents=True, exist_ok=True)
    stamp = when.strftime("%Y%m%dT%H%M%S")
    tmp = folder / f".{prefix}-{uuid.uuid4().hex}.tmp"
    tmp.write_bytes(data)
    try:
        with _lock:
            start = next(_counter)
        for number in itertools.count(start):
            path = folder / f"{prefix}-{stamp}-{number:04d}{suffix}"
            try:
                os.link(tmp, path)
            except FileExistsError:
                continue
            except PermissionError:  # a filesystem without hard links: exclusive create
                try:
                    with path.open("xb") as out:
                        out.write(data)
                except FileExistsError:
                    continue
            return path
    finally:
        tmp.unlink(missing_ok=True)
    raise AssertionError("unreachable")  # pragma: no cover
