""" "Su borcunu öyrən" at the kiosk (seed 000): ask the water agency, print the answer.

Blocking by design (the presenter runs it on a worker lane), and bounded: the
agency's adapter has its own timeout, and `ask` also stops waiting after
`limit_s` whatever the adapter does, so the kiosk never hangs on the agency.
"""

from __future__ import annotations

import logging
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass

from hardware.printing import InfoSlip, PrinterError, TicketPrinter, layout_info_slip
from server_sync.domain.validation import FieldProblem
from server_sync.domain.water_debt import WaterDebt, check_subscriber
from server_sync.kernel.clock import BAKU, Clock
from server_sync.kernel.i18n import N_, Translator
from server_sync.kernel.wording import long_date
from server_sync.services.water_debt import WaterDebtLookup, WaterDebtUnavailable

log = logging.getLogger("asanq.kiosk")
FAILURES = {
    "unknown_subscriber": N_("water.error.unknown_subscriber"),
    "agency_down": N_("water.error.agency_down"),
    "agency_timeout": N_("water.error.agency_timeout"),
    "subscriber_code_format": N_("water.error.code_format"),
    "required": N_("water.error.code_format"),
}


@dataclass(frozen=True)
class WaterAnswer:
    """The agency's answer, or the reason there is none (`failure`, a message key)."""

    debt: WaterDebt | None = None
    failure: str = ""


class WaterDebtKiosk:
    def __init__(
        self,
        lookup: WaterDebtLookup,
        printer: TicketPrinter,
        paper_mm: int,
        centre_name: str,
        clock: Clock,
        limit_s: float = 4.0,
    ) -> None:
        self._clock = clock
        self._lookup = lookup
        self._printer = printer
        self._paper = paper_mm
        self._centre = centre_name
        self._limit = limit_s
        self._pool = ThreadPoolExecutor(2, thread_name_prefix="kiosk-water")

    def ask(self, code: str, kind: str) -> WaterAnswer:
        try:
            code, kind = check_subscriber(code, kind)
        except FieldProblem as problem:
            return WaterAnswer(failure=FAILURES.get(problem.code, FAILURES["required"]))
        future: Future[WaterDebt] = self._pool.submit(self._lookup.debt, code, kind)
        try:
            return WaterAnswer(debt=future.result(timeout=self._limit))
        except FutureTimeout:
            log.warning("water agency: no answer in %.1f s at the kiosk", self._limit)
            return WaterAnswer(failure=FAILURES["agency_timeout"])
        except WaterDebtUnavailable as exc:
            return WaterAnswer(failure=FAILURES[exc.reason])
        except Exception:  # our bug in an adapter: logged loudly, the visitor told plainly
            log.exception("water-debt lookup failed")
            return WaterAnswer(failure=FAILURES["agency_down"])

    def rows(self, debt: WaterDebt, language: str) -> tuple[tuple[str, str], ...]:
        tr = Translator(language)
        return (
            (tr("water.field.code"), debt.subscriber_code),
            (tr("water.debt"), tr("water.azn", amount=format(debt.debt_azn, ".2f"))),
            (tr("water.meter"), debt.meter_number),
            (tr("water.last_reading"), str(debt.last_reading)),
            (tr("water.read_on"), long_date(tr, debt.read_on)),
        )

    def print_answer(self, debt: WaterDebt, language: str) -> bool:
        """Print the answer on a slip; False when the printer cannot (the screen still shows it)."""
        tr = Translator(language)
        now = self._clock.now().astimezone(BAKU)
        slip = InfoSlip(
            self._centre,
            tr("water.title"),
            self.rows(debt, language),
            tr("water.slip_footer", time=now.strftime("%d.%m.%Y %H:%M")),
        )
        try:
            self._printer.print_job(layout_info_slip(slip, self._paper))
        except PrinterError as exc:
            log.warning("water-debt slip not printed: %s", type(exc).__name__)
            return False
        return True

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
