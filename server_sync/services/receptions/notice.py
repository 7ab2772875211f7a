"""The notice (bildiriş) of a reception request: its facts in the citizen's
language, its Code 128 barcode (python-barcode) and a one-page PDF (fpdf2, the
bundled DejaVu font for the Azerbaijani letters).

The barcode holds the booking's 12-digit order code: the kiosk's scanner reads it
and the centre checks it in like any booking (digits only, with its check digit).
"""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass
from datetime import datetime
from importlib import resources

from barcode.codex import Code128
from barcode.writer import BaseWriter, ImageWriter
from fpdf import FPDF

from server_sync.kernel.clock import BAKU
from server_sync.kernel.i18n import N_, Translator
from server_sync.kernel.personal_data import mask_id_document
from server_sync.kernel.text import az_upper
from server_sync.services.receptions.officials import Official
from server_sync.services.receptions.records import RequestView

MONTH_KEYS = (
    N_("reception.month.1"),
    N_("reception.month.2"),
    N_("reception.month.3"),
    N_("reception.month.4"),
    N_("reception.month.5"),
    N_("reception.month.6"),
    N_("reception.month.7"),
    N_("reception.month.8"),
    N_("reception.month.9"),
    N_("reception.month.10"),
    N_("reception.month.11"),
    N_("reception.month.12"),
)
_OPTIONS = {"write_text": False, "module_height": 14.0, "module_width": 0.3, "quiet_zone": 6.0}
# At 254 dpi a 0.3 mm bar is exactly 3 pixels: every bar and space is a whole number of
# pixels, so the page can show the picture at its own size without resampling (a scaled,
# blurred bar is what makes a scanner misread a Code 128 symbol).
_PNG_DPI = 254


# A start code followed at once by a switch to another code set can be written as the other
# set's start code. Which values are switches depends on the set the symbol starts in: in set
# C the value 99 is the digits "99", not "switch to C".
_START_SWITCHES = {103: {100: 104, 99: 105}, 104: {101: 103, 99: 105}, 105: {100: 104, 101: 103}}


class _Code128(Code128):  # type: ignore[misc]
    """python-barcode's Code 128 with its start-code folding corrected.

    python-barcode 0.16.1 folds "START C, 99" into "START C" and so drops the leading "99" of
    every code that begins with it: a notice for order code 997138266165 would scan as
    7138266165 (tests/unit/test_reception_barcode.py keeps this fixed).
    """

    def _try_to_optimize(self, encoded: list[int]) -> list[int]:
        start = _START_SWITCHES[encoded[0]].get(encoded[1]) if len(encoded) > 1 else None
        if start is not None:
            encoded[:2] = [start]
        return encoded


def _write(code: str, writer: BaseWriter, options: dict[str, object]) -> bytes:
    out = io.BytesIO()
    _Code128(code, writer=writer).write(out, options=options)
    return out.getvalue()


def barcode_modules(code: str) -> str:
    """The symbol as modules, "1" a bar and "0" a space (quiet zones not included)."""
    return str(_Code128(code).build()[0])


def _draw_barcode(pdf: FPDF, code: str, x: float, width: float, height: float) -> None:
    """The barcode as filled rectangles, one per bar: sharp at any zoom or printer
    resolution (a scaled picture of it blurs, and at some scales a reader misses it)."""
    modules = barcode_modules(code)
    quiet = 10  # blank modules each side, as Code 128 asks
    unit = width / (len(modules) + 2 * quiet)
    top = pdf.get_y()
    pdf.set_fill_color(0, 0, 0)
    start = None
    for i, module in enumerate(modules + "0"):
        if module == "1" and start is None:
            start = i
        elif module == "0" and start is not None:
            pdf.rect(x + (quiet + start) * unit, top, (i - start) * unit, height, style="F")
            start = None
    pdf.set_y(top + height)


def barcode_png(code: str) -> bytes:
    return _write(code, ImageWriter(), {**_OPTIONS, "dpi": _PNG_DPI})


def barcode_data_uri(code: str) -> str:
    return "data:image/png;base64," + base64.b64encode(barcode_png(code)).decode("ascii")


@dataclass(frozen=True)
class NoticeFacts:
    organisation: str
    number: str
    official_position: str
    official_name: str
    day: str  # "07 APREL 2015"
    hours: str  # "10:00-dan" / "bütün iş saatı" in the citizen's language
    citizen: str
    document_type: str
    document_number: str  # masked
    created: str
    printed: str
    code: str  # the barcode's digits


def notice_facts(
    view: RequestView, official: Official, hours_key: str, language: str, now: datetime
) -> NoticeFacts:
    tr = Translator(language)
    month = tr(MONTH_KEYS[view.day.month - 1])
    return NoticeFacts(
        official.organisation_in(language),
        view.number,
        official.position_in(language),
        official.full_name,
        az_upper(f"{view.day.day:02d} {month} {view.day.year}")
        if language == "az"
        else f"{view.day.day:02d} {month} {view.day.year}".upper(),
        tr(hours_key, start=view.start),
        az_upper(view.full_name),
        tr("reception.notice.id_card"),
        mask_id_document(view.id_document),
        view.created_at.astimezone(BAKU).strftime("%d.%m.%Y %H:%M"),
        now.astimezone(BAKU).strftime("%d.%m.%Y %H:%M"),
        view.order_code,
    )


def _font() -> tuple[str, str]:
    fonts = resources.files("assets").joinpath("fonts")
    return str(fonts.joinpath("DejaVuSans.ttf")), str(fonts.joinpath("DejaVuSans-Bold.ttf"))


def notice_pdf(facts: NoticeFacts, language: str) -> bytes:
    tr = Translator(language)
    regular, bold = _font()
    pdf = FPDF(format="A4")
    pdf.set_title(f"{tr('reception.notice.title')} {facts.number}")
    pdf.add_font("DejaVu", "", regular)
    pdf.add_font("DejaVu", "B", bold)
    pdf.set_auto_page_break(False)
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 15)
    pdf.cell(0, 9, facts.organisation, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 12)
    pdf.cell(0, 7, tr("reception.notice.heading"), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "B", 13)
    pdf.cell(
        0,
        9,
        f"{tr('reception.notice.title')} № {facts.number}",
        align="C",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(6)
    rows = [
        (tr("reception.notice.official"), f"{facts.official_position}\n{facts.official_name}"),
        (tr("reception.notice.when"), f"{facts.day}\n{facts.hours}"),
        (tr("reception.notice.citizen"), facts.citizen),
        (tr("reception.notice.document_type"), facts.document_type),
        (tr("reception.notice.document_number"), facts.document_number),
        (tr("reception.notice.created"), facts.created),
        (tr("reception.notice.printed"), facts.printed),
    ]
    for label, value in rows:
        pdf.set_font("DejaVu", "", 10)
        pdf.cell(0, 6, label + ":", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", "B", 12)
        pdf.multi_cell(0, 6.5, value, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
    pdf.ln(4)
    _draw_barcode(pdf, facts.code, x=45, width=120, height=36)
    pdf.ln(1.5)
    pdf.set_font("DejaVu", "", 11)
    pdf.cell(0, 7, facts.code, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 9)
    pdf.multi_cell(0, 5, tr("reception.notice.kiosk_hint"), align="C")
    return bytes(pdf.output())
