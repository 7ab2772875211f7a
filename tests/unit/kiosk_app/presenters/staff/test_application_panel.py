"""The counter's application panel over a fake desk (our own pure code): masked
until revealed, choice labels, files, results allowed by the status, refusals."""

from __future__ import annotations

import hashlib
from typing import Any

from kiosk_app.presenters.staff.application import ApplicationPresenter
from kiosk_app.services.staff.application_types import (
    PERSONAL,
    CentralUnreachable,
    CounterApplication,
    ResultRefused,
    _mask,
)
from server_sync.kernel.catalogue import Catalogue
from server_sync.kernel.i18n import Translator
from tests.integration.server_sync.application_helpers import (
    AZERSU,
    AZERSU_ANSWERS,
    application_catalogue,
    pdf_bytes,
)

NUMBER = "AZERSU-2026-000001"
PDF = pdf_bytes()


class FakeDesk:
    def __init__(self) -> None:
        self.status = "registered"
        self.down = False
        self.calls: list[tuple[Any, ...]] = []
        self.results: list[tuple[str, str]] = []

    def open(
        self, number: str, staff: str, ticket_id: int | None = None, reveal: bool = False
    ) -> CounterApplication | None:
        self.calls.append(("open", number, staff, reveal))
        if self.down:
            raise CentralUnreachable(number)
        if number != NUMBER:
            return None
        answers = {
            k: (v if reveal or k not in PERSONAL else _mask(k, v))
            for k, v in AZERSU_ANSWERS.items()
        }
        files = (
            {
                "position": 1,
                "name": "akt.pdf",
                "kind": "pdf",
                "size": len(PDF),
                "sha256": hashlib.sha256(PDF).hexdigest(),
            },
        )
        return CounterApplication(NUMBER, AZERSU, self.status, answers, files, reveal)

    def file(self, number: str, position: int, sha256: str, staff: str) -> bytes | None:
        return PDF if hashlib.sha256(PDF).hexdigest() == sha256 and position == 1 else None

    def record_result(self, number: str, status: str, reason: str, staff: str) -> str:
        if status == "refused" and not reason.strip():
            raise ResultRefused("reason_required")
        self.results.append((status, reason))
        return "k1"


def panel(language: str = "az") -> tuple[ApplicationPresenter, FakeDesk]:
    desk = FakeDesk()
    cat = Catalogue.from_dict(application_catalogue())
    return ApplicationPresenter(desk, cat, Translator(language), "operator"), desk


def test_opens_masked_with_form_labels_and_choice_words_then_reveals() -> None:
    p, desk = panel()
    p.open("  azersu-2026-000001 ")
    v = p.view
    assert v.number == NUMBER
    assert not v.error
    values = dict(v.fields)
    assert "7AZ1B2C" not in values.values()
    assert any(val == "7••••••" for val in values.values())
    assert "complaint" not in values.values()  # the choice's words, not its code
    assert "fin" not in values  # labels from the form, not field names
    assert v.can_reveal
    assert [f.name for f in v.files] == ["akt.pdf"]
    assert v.results == {"accepted", "refused", "done"}
    p.reveal()
    assert "7AZ1B2C" in dict(p.view.fields).values()
    assert not p.view.can_reveal
    assert desk.calls[-1] == ("open", NUMBER, "operator", True)


def test_unknown_number_empty_number_and_central_down_each_say_why() -> None:
    p, desk = panel()
    p.open("")
    assert p.view.error
    assert p.view.message
    p.open("AZERSU-2026-999999")
    assert p.view.error
    assert "AZERSU-2026-999999" in p.view.message
    assert not p.view.fields
    desk.down = True
    p.open(NUMBER)
    assert p.view.error
    assert p.view.message != ""
    assert p.app is None


def test_file_is_given_and_results_follow_the_status() -> None:
    p, desk = panel("ru")
    p.open(NUMBER)
    got = p.file(1)
    assert got is not None
    assert got[1] == PDF
    assert p.file(7) is None
    p.record("refused", "  ")
    assert p.view.error
    assert desk.results == []
    p.record("accepted")
    assert desk.results == [("accepted", "")]
    assert not p.view.error
    assert p.view.results == {"refused", "done"}  # accepted cannot be recorded twice
    p.record("accepted")
    assert p.view.error
    assert desk.results == [("accepted", "")]
    p.record("done")
    assert p.view.results == frozenset()
    p.clear()
    assert p.view.fields == []
    assert p.app is None
