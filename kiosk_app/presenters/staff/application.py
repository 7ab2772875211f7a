"""The counter's agency-application panel (issue 17, item 6): the operator types
the application number the visitor gives, sees its answers (personal data masked
until "reveal") and its files, opens a file on demand, and records the result.

Plain Python over ApplicationDesk; the Qt panel only draws `view`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from kiosk_app.services.staff.application_types import (
    CentralUnreachable,
    CounterApplication,
    ResultRefused,
)
from kiosk_app.services.staff.types import StoreUnavailable
from server_sync.domain.applications import ACCEPTED, DONE, NEXT, REFUSED, STATUS_WORDS
from server_sync.kernel.catalogue import Catalogue
from server_sync.kernel.i18n import N_, Translator

RESULTS = (
    (ACCEPTED, N_("staff.app.button.accepted")),
    (REFUSED, N_("staff.app.button.refused")),
    (DONE, N_("staff.app.button.done")),
)
_REFUSALS = {
    "reason_required": N_("staff.app.reason_required"),
    "result_unknown": N_("staff.app.result_unknown"),
}
_KIND = {"pdf": "PDF", "jpeg": "JPEG", "png": "PNG"}


class AppDesk(Protocol):
    def open(
        self, number: str, staff: str, ticket_id: int | None = None, reveal: bool = False
    ) -> CounterApplication | None: ...
    def file(self, number: str, position: int, sha256: str, staff: str) -> bytes | None: ...
    def record_result(self, number: str, status: str, reason: str, staff: str) -> str: ...


@dataclass(frozen=True)
class FileRow:
    position: int
    name: str
    label: str  # "akt.pdf · PDF · 12 KB"
    kind: str
    sha256: str


@dataclass(frozen=True)
class ApplicationView:
    number: str = ""
    service: str = ""
    status_text: str = ""
    fields: list[tuple[str, str]] = field(default_factory=list)
    files: list[FileRow] = field(default_factory=list)
    hint: str = ""
    can_reveal: bool = False
    results: frozenset[str] = frozenset()
    message: str = ""
    error: bool = False


def _size(n: int) -> str:
    return f"{max(1, round(n / 1024))} KB" if n < 1024 * 1024 else f"{n / 1048576:.1f} MB"


class ApplicationPresenter:
    def __init__(
        self,
        desk: AppDesk,
        catalogue: Catalogue,
        tr: Translator,
        staff: str,
        ticket_id: Callable[[], int | None] = lambda: None,
    ) -> None:
        self.desk = desk
        self.catalogue = catalogue
        self.tr = tr
        self.staff = staff
        self.ticket_id = ticket_id
        self.listeners: list[Callable[[], None]] = []
        self.app: CounterApplication | None = None
        self.view = ApplicationView()

    def _notify(self) -> None:
        for listener in self.listeners:
            listener()

    def _say(self, key: str, error: bool = True, **kw: Any) -> None:
        base = self._build() if self.app is not None else ApplicationView()
        self.view = ApplicationView(
            **{**base.__dict__, "message": self.tr(key, **kw), "error": error}
        )
        self._notify()

    def _fetch(self, number: str, reveal: bool) -> bool:
        try:
            found = self.desk.open(number, self.staff, self.ticket_id(), reveal=reveal)
        except CentralUnreachable:
            self._say(N_("staff.app.central_down"))
            return False
        except StoreUnavailable as exc:
            self._say("staff.store_error", detail=str(exc))
            return False
        if found is None:
            self.app = None
            self._say(N_("staff.app.not_found"), number=number)
            return False
        self.app = found
        return True

    def open(self, number: str) -> None:
        number = number.strip().upper()
        if not number:
            self._say(N_("staff.app.number_needed"))
            return
        if self._fetch(number, reveal=False):
            self.view = self._build()
            self._notify()

    def reveal(self) -> None:
        if self.app is not None and self._fetch(self.app.number, reveal=True):
            self.view = self._build()
            self._notify()

    def clear(self) -> None:
        """The visitor left: nothing of the application stays on the screen."""
        self.app = None
        self.view = ApplicationView()
        self._notify()

    def file(self, position: int) -> tuple[FileRow, bytes] | None:
        """One file's bytes (audited), or None with the reason on the panel."""
        row = next((f for f in self.view.files if f.position == position), None)
        if self.app is None or row is None:
            return None
        try:
            data = self.desk.file(self.app.number, position, row.sha256, self.staff)
        except CentralUnreachable:
            self._say(N_("staff.app.central_down"))
            return None
        if data is None:
            self._say(N_("staff.app.file_damaged"), name=row.name)
            return None
        return row, data

    def saved(self, name: str, where: str) -> None:
        """A file was saved where the operator chose: say so, with the place."""
        self._say(N_("staff.app.saved"), error=False, name=name, path=where)

    def record(self, status: str, reason: str = "") -> None:
        if self.app is None:
            return
        if status not in self.view.results:
            self._say(N_("staff.app.result_unknown"))
            return
        try:
            self.desk.record_result(self.app.number, status, reason, self.staff)
        except ResultRefused as exc:
            self._say(_REFUSALS.get(exc.code, "staff.app.result_unknown"))
            return
        except StoreUnavailable as exc:
            self._say("staff.store_error", detail=str(exc))
            return
        self.app = CounterApplication(
            self.app.number,
            self.app.service_id,
            status,
            self.app.answers,
            self.app.files,
            self.app.revealed,
        )
        word = self.tr(STATUS_WORDS[status])
        self._say(N_("staff.app.recorded"), error=False, number=self.app.number, status=word)

    def _build(self) -> ApplicationView:
        app = self.app
        assert app is not None
        lang = self.tr.language
        service = self.catalogue.services.get(app.service_id)
        form = service.form if service is not None else None
        rows: list[tuple[str, str]] = []
        names = [f.name for f in form.fields] if form is not None else []
        names += [k for k in app.answers if k not in names]
        for name in names:
            if name not in app.answers:
                continue
            value = app.answers[name]
            spec = form.field(name) if form is not None else None
            label = spec.label(lang) if spec is not None else name
            values = value if isinstance(value, list) else [value]
            if spec is not None and spec.choices:
                words = {c.value: c.label(lang) for c in spec.choices}
                values = [words.get(str(v), str(v)) for v in values]
            text = ", ".join(str(v) for v in values)
            if text:
                rows.append((label, text))
        files = [
            FileRow(
                int(f["position"]),
                str(f["name"]),
                " · ".join([str(f["name"]), _KIND.get(str(f["kind"]), ""), _size(int(f["size"]))]),
                str(f["kind"]),
                str(f["sha256"]),
            )
            for f in app.files
        ]
        status = STATUS_WORDS.get(app.status)
        return ApplicationView(
            number=app.number,
            service=service.name(lang) if service is not None else app.service_id,
            status_text=self.tr(status) if status else app.status,
            fields=rows,
            files=files,
            hint=self.tr("staff.revealed_hint") if app.revealed else self.tr("staff.masked_hint"),
            can_reveal=not app.revealed,
            results=frozenset(s for s, _ in RESULTS if app.status in NEXT[s]),
        )
