"""Hall display view-model: the last calls, the newest highlighted, each new
call announced once (chime + spoken words), in the order they were made."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from kiosk_app.domain.announcement import HallCall
from server_sync.kernel.i18n import Translator

LOOKBACK = 100  # ids behind the cursor re-read in case of a late commit


class CallSource(Protocol):
    def after(self, cursor: int, limit: int = 50) -> list[HallCall]: ...


@dataclass(frozen=True)
class CallRow:
    number: str
    counter: str
    newest: bool
    recall: bool


@dataclass(frozen=True)
class DisplayView:
    header: tuple[str, str]
    rows: tuple[CallRow, ...]
    banner: str  # the newest call as a sentence, or an invitation while empty
    offline: bool


class DisplayPresenter:
    def __init__(
        self,
        source: CallSource,
        tr: Translator,
        *,
        rows: int = 6,
        announce: Callable[[HallCall], None] | None = None,
    ) -> None:
        self.source = source
        self.tr = tr
        self.max_rows = rows
        self.announce = announce
        self.cursor = 0
        self.seen: set[int] = set()
        self.calls: list[HallCall] = []
        self.offline = False
        self.listeners: list[Callable[[list[HallCall]], None]] = []
        self._load(initial=True)

    def check(self) -> list[HallCall]:
        """Look for new calls (on a wake-up or the fallback poll); returns them."""
        return self._load(initial=False)

    def _load(self, *, initial: bool) -> list[HallCall]:
        # Ids are handed out at insert but become visible at commit, so on
        # PostgreSQL call 41 may appear after call 42 was read: look back a
        # little behind the cursor and skip what was already seen.
        start = 0 if initial else max(self.cursor - LOOKBACK, 0)
        try:
            fetched = self.source.after(start, self.max_rows if initial else LOOKBACK * 2)
        except Exception:  # the store is away: keep showing the last calls
            self.offline = True
            self._notify([])
            return []
        self.offline = False
        new = sorted((c for c in fetched if c.id not in self.seen), key=lambda c: c.id)
        if not new:
            return []
        self.seen.update(c.id for c in new)
        self.cursor = max(self.cursor, new[-1].id)
        self.seen = {i for i in self.seen if i > self.cursor - LOOKBACK * 2}
        self.calls = (self.calls + new)[-self.max_rows * 4 :]
        if not initial and self.announce is not None:
            for call in new:
                self.announce(call)
        self._notify(new)
        return new

    def _notify(self, new: list[HallCall]) -> None:
        for listener in self.listeners:
            listener(new)

    @property
    def view(self) -> DisplayView:
        shown: list[HallCall] = []
        seen: set[int] = set()
        for call in reversed(self.calls):  # newest first, each ticket once
            if call.ticket_id in seen:
                continue
            seen.add(call.ticket_id)
            shown.append(call)
            if len(shown) == self.max_rows:
                break
        rows = tuple(
            CallRow(c.number, str(c.counter), i == 0, c.kind == "recall")
            for i, c in enumerate(shown)
        )
        if not shown:
            banner = self.tr("display.waiting_calls")
        elif shown[0].kind == "recall":  # said and shown apart: the same visitor, again
            banner = self.tr("display.recalling", number=shown[0].number, counter=shown[0].counter)
        else:
            banner = self.tr(
                "display.now_calling", number=shown[0].number, counter=shown[0].counter
            )
        return DisplayView(
            (self.tr("common.ticket"), self.tr("common.counter")), rows, banner, self.offline
        )
