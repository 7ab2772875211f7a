"""The accessible mode at every kiosk size: every control in the band within reach,
larger text, each screen's prompt spoken, reset by the idle timer."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QApplication, QLabel, QPushButton
from pytestqt.qtbot import QtBot

from hardware.audio.speech import SilentSpeaker
from kiosk_app.presenters.kiosk.presenter import KioskPresenter, Screen
from kiosk_app.settings import AccessibleSettings
from server_sync.kernel.clock import FixedClock
from tests.gui.kiosk.conftest import Kiosk, open_kiosk, tap
from tests.gui.kiosk.screen_checks import overlap_problems, text_problems

pytestmark = [pytest.mark.qt_log_ignore("propagateSizeHints")]

SIZES = [
    (1280, 800), (1280, 1024), (1366, 768), (1920, 1080), (1080, 1920), (800, 1280), (768, 1366),
]  # fmt: skip
BAND = AccessibleSettings().band_fraction
SHOTS = Path(os.environ.get("ASANQ_SCREENSHOTS", "/tmp/shots/forecast"))

# How to reach each screen a visitor sees, from the one before.
WALK: list[tuple[Screen, Callable[[Kiosk], None]]] = [
    (Screen.HOME, lambda k: None),
    (Screen.CODE, lambda k: k.p.choose_code()),
    (Screen.MESSAGE, lambda k: k.p.scanned(k.codes["too_early"])),
    (Screen.AGENCIES, lambda k: k.p.choose_walk_in()),
    (Screen.SEARCH, lambda k: k.p.open_search()),
    (Screen.SERVICES, lambda k: (k.p.go_home(), k.p.choose_walk_in(), k.p.choose_agency("dmx"))),
    (Screen.TICKET, lambda k: k.p.choose_service("passport")),
]


def controls(k: Kiosk) -> list[QPushButton]:
    return [b for b in k.window.findChildren(QPushButton) if b.isVisibleTo(k.window)]


def outside_band(k: Kiosk) -> list[str]:
    height = k.window.height()
    top = height - round(height * BAND)
    out = []
    for b in controls(k):
        at = b.mapTo(k.window, QPoint(0, 0))
        seen = b.visibleRegion().boundingRect()  # what is not cut off by a parent
        if at.y() < top - 1 or at.y() + b.height() > height + 1 or at.x() < 0:
            out.append(f"{b.objectName()} {b.text()!r} at y={at.y()}..{at.y() + b.height()}")
        elif k.p.accessible and seen.size() != b.size():
            out.append(f"{b.objectName()} {b.text()!r} cut to {seen.height()} of {b.height()} px")
    return out


def looks_broken(k: Kiosk) -> list[str]:
    """The sizes test's checks (tests/gui/kiosk/screen_checks.py), in the mode too."""
    return text_problems(k.window) + overlap_problems(k.window)


def font_px(widget: QLabel | QPushButton) -> int:
    return widget.fontInfo().pixelSize()


class Recorder(SilentSpeaker):
    """The speaker port, remembering what it was asked to say (espeak-ng itself is
    tested in tests/integration/hardware/test_speech.py)."""


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_every_control_is_within_reach_and_every_prompt_is_spoken(
    qtbot: QtBot, store_url: str, clock: FixedClock, size: tuple[int, int]
) -> None:
    speech = Recorder()
    k = open_kiosk(qtbot, store_url, clock, size=size, speech=speech)
    try:
        title = k.window.screens[Screen.HOME].welcome  # type: ignore[attr-defined]
        ordinary_text = font_px(title)
        assert outside_band(k), "the ordinary layout uses the whole screen"
        tap(qtbot, k.window.accessible.access)
        assert k.p.accessible
        assert k.window.accessible.panel.isVisible()
        assert font_px(title) > ordinary_text  # larger text
        SHOTS.mkdir(parents=True, exist_ok=True)
        for screen, go in WALK:
            go(k)
            QApplication.processEvents()
            assert k.p.screen is screen, (screen, k.p.screen)
            k.window.grab().save(str(SHOTS / f"accessible_{size[0]}x{size[1]}_{screen.value}.png"))
            assert outside_band(k) == [], screen
            assert looks_broken(k) == [], screen
            assert speech.asked, screen
            text, language = speech.asked[-1]
            assert language == "az"
            assert k.window.accessible.panel.prompt.text() == text
        ticket = k.p.ticket
        assert ticket is not None
        assert f"Növbə nömrəniz: {ticket.number[0]}, bir." in speech.asked[-1][0]
        spoken_screens = len(speech.asked)
        assert spoken_screens <= len(WALK) + 2  # once per screen (the walk goes home once)
        k.p.touched()
        assert len(speech.asked) == spoken_screens
    finally:
        k.p.quit_requested = True
        k.window.close()
        k.backend.desk.engine.dispose()


def test_the_mode_speaks_the_chosen_language_and_resets_when_idle(
    qtbot: QtBot, store_url: str, clock: FixedClock
) -> None:
    speech = Recorder()
    k = open_kiosk(qtbot, store_url, clock, size=(1080, 1920), speech=speech)
    p: KioskPresenter = k.p
    try:
        assert speech.asked == []  # nothing is spoken while the mode is off
        tap(qtbot, k.window.accessible.access)
        tap(qtbot, k.window.topbar.langs["ru"])
        assert speech.asked[-1][1] == "ru"
        assert speech.asked[-1][0].startswith("Добро пожаловать")
        assert k.window.accessible.access.text() == "♿ Обычный режим"
        p.choose_code()
        k.advance(46)
        p.tick()
        assert not p.accessible
        assert p.screen is Screen.HOME
        assert not k.window.accessible.panel.isVisible()
        assert k.window.accessible.access.text() == "♿ Əlçatan rejim"
        QApplication.processEvents()  # the layout follows on the event loop
        assert outside_band(k)  # the next visitor gets the ordinary screens
    finally:
        p.quit_requested = True
        k.window.close()
        k.backend.desk.engine.dispose()


@pytest.mark.parametrize("language", ["ru", "en"])
@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_the_mode_fits_every_size_in_every_language(
    qtbot: QtBot, store_url: str, clock: FixedClock, size: tuple[int, int], language: str
) -> None:
    """The mode's sizes are the screens' `Metrics` with the band's unit: nothing cut
    off, nothing overlapping, in the languages with the longest words; list pages hold
    the rows that fit the band (measured, not a fixed count)."""
    k = open_kiosk(qtbot, store_url, clock, size=size)
    try:
        tap(qtbot, k.window.topbar.langs[language])
        tap(qtbot, k.window.accessible.access)
        metrics = k.window.metrics
        assert metrics is not None
        assert metrics.accessible
        assert metrics.band_unit < metrics.short_side or size[1] > size[0]
        SHOTS.mkdir(parents=True, exist_ok=True)
        for screen, go in WALK:
            go(k)
            QApplication.processEvents()
            assert k.p.screen is screen, (screen, k.p.screen)
            name = f"accessible_{language}_{size[0]}x{size[1]}_{screen.value}.png"
            k.window.grab().save(str(SHOTS / name))
            assert outside_band(k) == [], screen
            assert looks_broken(k) == [], screen
            if screen is Screen.AGENCIES:
                panel = k.window.screens[screen].panel  # type: ignore[attr-defined]
                rows = [r for r in panel.rows if r.isVisibleTo(k.window)]
                assert rows, "the band holds at least one row"
                assert k.p.browser.agencies_per_page == panel.visible  # measured, not fixed
    finally:
        k.p.quit_requested = True
        k.window.close()
        k.backend.desk.engine.dispose()
