"""The kiosk's lockdown path, run for real: `cage -d -- asan-queue kiosk` (the kiosk
unit's ExecStart) as an unprivileged user, on the Qt Wayland platform.

1. cage's headless backend (WLR_BACKENDS=headless): the kiosk connects, paints its
   first frame and tells the (test's) `$NOTIFY_SOCKET` READY=1; SIGTERM ends it.
2. cage's X11 backend inside Xvfb, grabbed with grim (wlr-screencopy): the kiosk
   covers the whole output, full screen. (wlroots 0.15's headless output sends no
   frame callbacks, so there Qt never draws past its first buffer; a real screen
   behaves like the X11 output.)

Outside CI a missing cage (grim, Xvfb) skips loudly; in CI the test must run.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from kiosk_app.services.kiosk.pin import hash_pin
from tests.factories import migrated_store
from tests.integration.install.cage import (
    children,
    give_away,
    shared_folder,
    unprivileged_prefix,
    xvfb,
)
from tests.integration.install.conftest import require
from tests.integration.kiosk.conftest import always_open
from tests.unit.server_sync.ops.notify_socket import NotifySocket

TOP_BAR = (10, 80, 140)  # the kiosk's dark blue top bar, roughly


def start_kiosk(
    folder: Path, backend: dict[str, str]
) -> tuple[subprocess.Popen[str], NotifySocket]:
    store = migrated_store(f"sqlite:///{folder / 'centre.db'}", always_open())
    for path in folder.iterdir():
        if path.is_file():
            give_away(path, 0o664)
    notify = NotifySocket(folder)
    give_away(notify.path, 0o666)
    prefix, how = unprivileged_prefix()
    print(f"cage runs {how}")
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(folder),
        "XDG_RUNTIME_DIR": str(folder / "run"),
        "WLR_RENDERER": "pixman",
        "WLR_LIBINPUT_NO_DEVICES": "1",
        "QT_QPA_PLATFORM": "wayland",
        "QT_WAYLAND_DISABLE_WINDOWDECORATION": "1",
        "NOTIFY_SOCKET": str(notify.path),
        "ASANQ_KIOSK__EXIT_PIN_HASH": hash_pin("482915"),
        "ASANQ_LOG__JSON": "true",
        **backend,
    }
    command = [*prefix, require("cage", "cage"), "-d", "--", sys.executable, "-m"]
    command += ["kiosk_app.cli.main", "kiosk", "--db", store, "--printer", "dummy://"]
    proc = subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=folder
    )
    return proc, notify


def stop(proc: subprocess.Popen[str], notify: NotifySocket) -> str:
    """SIGTERM to the kiosk (systemd sends it to the whole unit); cage ends with it."""
    try:
        for pid in children(proc.pid):
            os.kill(pid, signal.SIGTERM)
        proc.wait(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        notify.close()
    assert proc.stdout is not None
    with proc.stdout:
        return proc.stdout.read()


def test_kiosk_under_cage_headless_says_ready_after_its_first_frame(
    qt_offscreen: dict[str, str],
) -> None:
    with shared_folder() as folder:
        proc, notify = start_kiosk(folder, {"WLR_BACKENDS": "headless"})
        ready = notify.wait_for("READY=1", timeout=90)
        output = stop(proc, notify)
        assert ready, f"no READY=1 from the kiosk under cage:\n{output}"
    assert '"msg": "kiosk started (full screen)"' in output
    assert "Traceback" not in output


def test_kiosk_under_cage_fills_the_screen(qt_offscreen: dict[str, str]) -> None:
    grim = require("grim", "grim")
    require("Xvfb", "xvfb")
    from PIL import Image

    with shared_folder() as folder, xvfb() as display:
        proc, notify = start_kiosk(folder, {"WLR_BACKENDS": "x11", "DISPLAY": display})
        try:
            assert notify.wait_for("READY=1", timeout=90), "no READY=1 under cage (x11)"
            shot = folder / "screen.png"
            deadline = time.monotonic() + 30
            while True:  # the compositor's configure may take a frame or two to show
                subprocess.run(
                    [grim, str(shot)],
                    env={"XDG_RUNTIME_DIR": str(folder / "run"), "WAYLAND_DISPLAY": "wayland-0"},
                    check=True,
                    timeout=30,
                )
                image = Image.open(shot).convert("RGB")
                if image.getbbox() == (0, 0, *image.size) or time.monotonic() > deadline:
                    break
                time.sleep(0.3)
        finally:
            output = stop(proc, notify)
    width, height = image.size
    assert image.getbbox() == (0, 0, width, height), f"the kiosk does not fill the screen\n{output}"
    corner = image.getpixel((width - 5, height - 5))
    bar = image.getpixel((width // 2, 5))
    assert corner != (0, 0, 0)  # the kiosk's background reaches the far corner
    assert isinstance(bar, tuple)
    assert all(abs(a - b) < 60 for a, b in zip(bar, TOP_BAR, strict=True)), bar
