"""python-escpos, imported without its side effects. Only the USB transport
needs it (for its pyusb driver; our own `encode` writes the bytes), and the
tests, which check our bytes against it. Never import it at program start.

python-escpos 3.1 does three things when imported that a kiosk must not:

- `logging.basicConfig()`, which adds a root handler and makes every log line
  of the program appear twice: we take that handler away again;
- `environ.get("ESCPOS_CAPABILITIES_PICKLE_DIR", mkdtemp())`: the default is
  evaluated even when the variable is set, so every start made a new folder
  in /tmp (and, without the variable, left its 70 KB pickle in it; months of a
  kiosk fill the disk). We keep `mkdtemp` from running during the import;
- parse its capabilities with a pure-Python YAML parser on every start unless a
  fresh pickle is found (0.2–0.5 s of CPU). We point it at a fixed per-user
  cache folder and write the pickle there ourselves, from the same JSON file
  read by the fast `json` module, atomically, so kiosks starting together never
  read half a file. The pickle holds exactly what python-escpos would pickle
  (its capabilities file is JSON, which YAML reads as the same data).
"""

from __future__ import annotations

import json
import logging
import os
import pickle
import platform
import tempfile
from pathlib import Path
from typing import Any

from hardware.printing.capabilities import capabilities_file

CACHE_ENV = "ESCPOS_CAPABILITIES_PICKLE_DIR"


def cache_dir() -> Path:
    """Where the capabilities pickle lives: `$XDG_CACHE_HOME/asan-queue/escpos`
    (default `~/.cache`), or one fixed folder per user in the temp folder."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "asan-queue" / "escpos"


def _usable(folder: Path) -> bool:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return False
    return os.access(folder, os.W_OK | os.X_OK)


def _fresh_pickle(folder: Path, source: Path) -> None:
    """Write the pickle python-escpos looks for unless a fresh one is there."""
    target = folder / f"{platform.python_version()}.capabilities.pickle"
    if target.exists() and target.stat().st_mtime >= source.stat().st_mtime:
        return
    with source.open(encoding="utf-8") as f:
        data = json.load(f)
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".capabilities-")
    try:
        with os.fdopen(fd, "wb") as out:
            pickle.dump(data, out, protocol=2)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _pickle_folder() -> tuple[Path, tempfile.TemporaryDirectory[str] | None]:
    """The folder for the pickle, and the throw-away one when none is usable."""
    chosen = os.environ.get(CACHE_ENV)
    for folder in (
        *([Path(chosen)] if chosen else []),
        cache_dir(),
        Path(tempfile.gettempdir()) / f"asan-queue-escpos-{os.getuid()}",
    ):
        if _usable(folder):
            return folder, None
    scratch = tempfile.TemporaryDirectory(prefix="asan-queue-escpos-")
    return Path(scratch.name), scratch


def _import_escpos() -> tuple[Any, ...]:
    root = logging.getLogger()
    handlers = list(root.handlers)
    folder, scratch = _pickle_folder()
    before = os.environ.get(CACHE_ENV)
    os.environ[CACHE_ENV] = str(folder)
    real_mkdtemp = tempfile.mkdtemp
    try:
        _fresh_pickle(folder, capabilities_file())
        # python-escpos binds `from tempfile import mkdtemp` while it is imported
        tempfile.mkdtemp = lambda *a, **k: str(folder)  # type: ignore[assignment]
        from escpos.capabilities import CAPABILITIES, get_profile_class
        from escpos.escpos import Escpos
        from escpos.printer import Dummy
    finally:
        tempfile.mkdtemp = real_mkdtemp
        if before is None:
            del os.environ[CACHE_ENV]
        else:
            os.environ[CACHE_ENV] = before
        for handler in list(root.handlers):
            if handler not in handlers:
                root.removeHandler(handler)
        if scratch is not None:
            scratch.cleanup()
    return CAPABILITIES, Dummy, Escpos, get_profile_class


CAPABILITIES, Dummy, Escpos, get_profile_class = _import_escpos()

__all__ = ["CAPABILITIES", "Dummy", "Escpos", "cache_dir", "get_profile_class"]
