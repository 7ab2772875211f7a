"""The accessible mode's spoken side: what each screen says, and saying it once.

`prompt(p)` is the text of the screen the visitor sees, in the visitor's language
(the ticket screen says the number letter by letter and in words, as the hall
display does). `Narrator` watches the presenter and, while the mode is on, asks
the speaker to say a screen's prompt whenever the screen, the language or the
prompt itself changes. The speaker is a port (`hardware.audio.speech`): it
returns at once and speaks on its own thread, never on the UI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from kiosk_app.domain.tickets import TicketNumber
from kiosk_app.presenters.kiosk.presenter import KioskPresenter
from kiosk_app.presenters.kiosk.presenter import Screen as Sc


class Speech(Protocol):
    def say(self, text: str, language: str) -> None: ...


def _join(*parts: str) -> str:
    out = []
    for part in parts:
        part = part.strip()
        if part:
            out.append(part if part[-1] in ".!?:" else part + ".")
    return " ".join(out)


def spoken_number(number: str, language: str) -> str:
    """`A042` → "A, qırx iki" (the letter, then the number as words)."""
    try:
        words = TicketNumber.parse(number).spoken(language)
    except ValueError:
        return number
    return f"{words[0]}, {' '.join(words[1:])}"


def prompt(p: KioskPresenter) -> str:
    """What the current screen says aloud ("" for screens that say nothing)."""
    tr = p.tr
    screen = p.screen
    if screen is Sc.HOME:
        return _join(
            tr("common.welcome"),
            tr("kiosk.home.question"),
            tr("kiosk.home.code"),
            tr("kiosk.home.walk_in"),
            tr("kiosk.home.scan_hint"),
        )
    if screen is Sc.CODE:
        return _join(tr("kiosk.code.title"), tr("kiosk.code.hint"), p.code_error_text)
    if screen is Sc.AGENCIES:
        return _join(tr("kiosk.menu.agencies_title"))
    if screen is Sc.SERVICES:
        return _join(p.browser.agency_title(tr), tr("kiosk.menu.services_title"))
    if screen is Sc.SEARCH:
        return _join(tr("kiosk.menu.search_title"), tr("kiosk.menu.search_prompt"))
    if screen is Sc.TICKET:
        view = p.ticket
        if view is None:
            return ""
        return _join(
            tr("kiosk.ticket.take"),
            tr("common.your_number") + ": " + spoken_number(view.number, p.language),
            view.service,
            view.ahead,
            view.wait,
        )
    if screen is Sc.MESSAGE:
        view_m = p.message
        if view_m is None:
            return ""
        return _join(view_m.title, view_m.body, view_m.next_step)
    return ""  # busy (a moment), staff exit (not for visitors)


class Narrator:
    """Speaks each new prompt while the accessible mode is on."""

    def __init__(self, presenter: KioskPresenter, speech: Speech) -> None:
        self.p = presenter
        self.speech = speech
        self._last: tuple[str, str] | None = None
        self._unsubscribe: Callable[[], None] = presenter.subscribe(self.refresh)

    def refresh(self) -> None:
        if not self.p.accessible:
            self._last = None
            return
        text = prompt(self.p)
        said = (self.p.language, text)
        if text and said != self._last:
            self._last = said
            self.speech.say(text, self.p.language)

    def close(self) -> None:
        self._unsubscribe()
