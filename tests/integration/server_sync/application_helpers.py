"""Driving the application pages in tests: a catalogue with the two demo forms, the
page's CSRF token, sample PDF/PNG files and hostile ones."""

from __future__ import annotations

import io
import re
import zipfile
from typing import Any

import httpx
from PIL import Image

from server_sync.catalogue_data import load_demo_catalogue
from tests.factories import catalogue_dict

AZERSU = "water"
AZERISIQ = "electricity-idp"


def application_catalogue() -> dict[str, Any]:
    """The test catalogue with the demo Azərsu form on `water` and the Azərişıq form
    on `electricity-idp` (both at baku-1, counter 3)."""
    data = catalogue_dict()
    demo = load_demo_catalogue()
    water = next(s for s in data["services"] if s["id"] == AZERSU)
    azersu = demo.services["water-subscriber-application"].form
    azerisiq = demo.services["electricity-idp-application"].form
    assert azersu is not None
    assert azerisiq is not None
    water["form"] = azersu.to_dict()
    data["agencies"].append(
        {"id": "azerisiq", "name": {"az": '"Azərişıq" ASC', "ru": "«Азеришыг»", "en": "Azerishiq"}}
    )
    data["services"].append(
        {
            "id": AZERISIQ,
            "agency": "azerisiq",
            "name": {
                "az": "Məcburi köçkün qrupuna aid abonentlərdən müraciətlərin qəbulu",
                "ru": "Обращения абонентов-вынужденных переселенцев",
                "en": "Applications from IDP subscribers",
            },
            "group": "U",
            "average_minutes": 12,
            "bookable_online": True,
            "walk_in": True,
            "form": azerisiq.to_dict(),
        }
    )
    centre = next(c for c in data["centres"] if c["id"] == "baku-1")
    centre["services"].append(AZERISIQ)
    next(k for k in centre["counters"] if k["number"] == 3)["services"].append(AZERISIQ)
    return data


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]*)"', html)
    assert found, "no csrf field on the page"
    return found.group(1)


def pdf_bytes(text: str = "ASAN") -> bytes:
    return (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n% "
        + text.encode()
        + b"\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    )


def png_bytes(size: tuple[int, int] = (40, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (20, 90, 160)).save(out, format="PNG")
    return out.getvalue()


def exe_bytes() -> bytes:
    """A Windows executable's first bytes (MZ header) and some padding."""
    return b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200


def zip_bomb() -> bytes:
    """A zip whose one member inflates to 50 MB (a bomb's shape, kept small here)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("bomb.pdf", b"\x00" * 50_000_000)
    return out.getvalue()


def png_bomb() -> bytes:
    """A PNG whose header claims 100 000 × 100 000 pixels."""
    head = bytearray(png_bytes())
    head[16:24] = (100_000).to_bytes(4, "big") + (100_000).to_bytes(4, "big")
    return bytes(head)


AZERSU_ANSWERS = {
    "first_name": "Aysel",
    "last_name": "Məmmədova",
    "father_name": "Rauf qızı",
    "fin": "7AZ1B2C",
    "address": "Bakı, Nizami küçəsi 10, mənzil 5",
    "application_type": "complaint",
    "reason": "supply",
    "phone": "050 123 45 67",
    "email": "aysel.app@mail.az",
    "description": "Üç gündür suyu yoxdur.",
    "notes": "",
}


def azersu_post(
    http: httpx.Client,
    answers: dict[str, str] | None = None,
    files: list[tuple[str, bytes, str]] | None = None,
    organisation: str = "baku-sukanal",
    unit: str = "subscribers",
) -> httpx.Response:
    page = http.get(f"/applications/{AZERSU}?organisation={organisation}&unit={unit}&lang=az")
    assert page.status_code == 200, page.text
    data = {
        "csrf": csrf_of(page.text),
        "lang": "az",
        "organisation": organisation,
        "unit": unit,
        **(AZERSU_ANSWERS if answers is None else answers),
    }
    parts = [("files", (name, body, kind)) for name, body, kind in (files or [])]
    if not parts:
        parts = [("files", ("", b"", "application/octet-stream"))]
    return http.post(f"/applications/{AZERSU}", data=data, files=parts)
