"""Status bytes read honestly: only what the printer said, unknown otherwise."""

from __future__ import annotations

import pytest

from hardware.emulator import Fault, status_answer
from hardware.printing import (
    CoverOpen,
    Online,
    Paper,
    PaperOut,
    PrinterOffline,
    PrinterStatus,
)
from kiosk_app.services.kiosk.printer_words import status_words
from server_sync.kernel.i18n import Translator


def _answers(fault: Fault) -> bytes:
    return b"".join(status_answer(n, fault) for n in (1, 2, 4))


def test_a_healthy_printer():
    status = PrinterStatus.from_bytes(_answers(Fault.NONE))
    assert status == PrinterStatus(Online.ONLINE, Paper.OK, cover_open=False)
    assert status.ready
    assert status.problem() is None
    assert status_words(Translator("en"), status) == "online, paper OK, cover closed"


@pytest.mark.parametrize(
    ("fault", "error", "code"),
    [
        (Fault.PAPER_OUT, PaperOut, "paper_out"),
        (Fault.COVER_OPEN, CoverOpen, "cover_open"),
        (Fault.OFFLINE, PrinterOffline, "offline"),
    ],
)
def test_each_fault_becomes_its_typed_error(fault, error, code):
    problem = PrinterStatus.from_bytes(_answers(fault)).problem()
    assert isinstance(problem, error)
    assert problem.code == code


def test_paper_near_end_still_prints():
    status = PrinterStatus.from_bytes(_answers(Fault.PAPER_NEAR_END))
    assert status.paper is Paper.NEAR_END
    assert status.ready


def test_no_answer_is_unknown_never_ok():
    status = PrinterStatus.from_bytes(b"")
    assert status.online is Online.UNKNOWN
    assert status.paper is Paper.UNKNOWN
    assert status.cover_open is None
    assert not status.ready
    assert not status.answered


def test_a_partial_answer_leaves_the_rest_unknown():
    status = PrinterStatus.from_bytes(status_answer(1, Fault.NONE))
    assert status.online is Online.ONLINE
    assert status.paper is Paper.UNKNOWN
    assert not status.ready


def test_garbage_is_not_a_status():
    status = PrinterStatus.from_bytes(b"\xff\x00A")
    assert not status.answered
    assert "garbled" in status.detail


def test_status_in_words_in_each_language():
    status = PrinterStatus.from_bytes(_answers(Fault.PAPER_NEAR_END))
    assert status_words(Translator("az"), status) == "qoşulub, kağız qurtarır, qapaq bağlıdır"
    assert (
        status_words(Translator("ru"), status) == "на связи, бумага заканчивается, крышка закрыта"
    )
    assert status_words(Translator("en"), PrinterStatus.unknown("no answer")) == (
        "status unknown, paper unknown, cover unknown (no answer)"
    )
