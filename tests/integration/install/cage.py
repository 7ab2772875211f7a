"""Running a program under cage, the Wayland kiosk compositor, as an unprivileged user,
the way the kiosk unit does (minus systemd and a real screen)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

NOBODY = 65534


def unprivileged_prefix() -> tuple[list[str], str]:
    """The command prefix that drops root (cage refuses to run as root), and a note.

    When the test's Python lives where that user cannot read it (a venv on an
    interpreter under /root), the user gets CAP_DAC_READ_SEARCH, reading only."""
    if os.geteuid() != 0:
        return [], "as the current user"
    base = ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"]
    # through env(1), as cage will start it (an exec by setpriv itself can differ)
    probe = subprocess.run(
        [*base, "env", sys.executable, "-c", "import kiosk_app"], capture_output=True, check=False
    )
    if probe.returncode == 0:
        return base, "as nobody"
    caps = ["--inh-caps=+dac_read_search", "--ambient-caps=+dac_read_search"]
    return [*base, *caps], "as nobody (+CAP_DAC_READ_SEARCH: the interpreter is not world-readable)"


@contextmanager
def shared_folder() -> Iterator[Path]:
    """A folder the unprivileged user owns (pytest's own is root's, mode 0700)."""
    folder = Path(tempfile.mkdtemp(prefix="asanq-cage-", dir="/tmp"))
    try:
        folder.chmod(0o755)
        runtime = folder / "run"
        runtime.mkdir(mode=0o700)
        if os.geteuid() == 0:
            for path in (folder, runtime):
                os.chown(path, NOBODY, NOBODY)
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def give_away(path: Path, mode: int) -> None:
    path.chmod(mode)
    if os.geteuid() == 0:
        os.chown(path, NOBODY, NOBODY)


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


@contextmanager
def xvfb() -> Iterator[str]:
    """An X server in memory; its DISPLAY."""
    read, write = os.pipe()
    proc = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
        pass_fds=(write,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    try:
        with os.fdopen(read) as pipe:
            number = pipe.readline().strip()
        yield f":{number}"
    finally:
        proc.terminate()
        proc.wait(10)
