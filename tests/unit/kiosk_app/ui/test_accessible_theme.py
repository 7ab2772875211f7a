"""The accessible mode's colours: every text colour on its background ≥ 7:1 (WCAG 2.2
AAA, 1.4.6), computed from the stylesheets the kiosk really loads."""

from __future__ import annotations

import re
from importlib import resources

import pytest

from kiosk_app.settings import AccessibleSettings

_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_ON = re.compile(r"/\*\s*on\s+([^*\s]+)\s*\*/")
_HEX = re.compile(r"#([0-9A-Fa-f]{6})\b")


def luminance(hex_colour: str) -> float:
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: str, b: str) -> float:
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def rules(text: str) -> dict[str, dict[str, str]]:
    """selector → property → value, later rules overriding earlier ones (as Qt does);
    an "on SELECTOR" comment becomes the pseudo-property "on"."""
    out: dict[str, dict[str, str]] = {}
    for selectors, body in _RULE.findall(text):
        on = _ON.search(body)
        decls: dict[str, str] = {"on": on.group(1)} if on else {}
        for decl in _COMMENT.sub("", body).split(";"):
            if ":" in decl:
                name, value = decl.split(":", 1)
                decls[name.strip()] = value.strip()
        for selector in _COMMENT.sub("", selectors).split(","):
            out.setdefault(selector.strip(), {}).update(decls)
    return out


def colour(value: str | None) -> str | None:
    found = _HEX.search(value or "")
    return found.group(1) if found else None


def accessible_theme() -> dict[str, dict[str, str]]:
    styles = resources.files("assets").joinpath("styles")
    base = styles.joinpath("kiosk.qss").read_text("utf-8")
    over = styles.joinpath("kiosk-accessible.qss").read_text("utf-8")
    merged = rules(base)
    for selector, decls in rules(over).items():
        merged.setdefault(selector, {}).update(decls)
    return merged


def pairs() -> list[tuple[str, str, str]]:
    theme = accessible_theme()
    page = colour(theme["QWidget#kiosk"]["background"])
    assert page
    out = []
    for selector, decls in theme.items():
        if ":disabled" in selector:  # WCAG: inactive controls have no contrast minimum
            continue
        fg = colour(decls.get("color"))
        if fg is None:
            continue
        state = selector.split(":", 1)
        inherited = theme.get(state[0], {}) if len(state) > 1 else {}
        bg = colour(decls.get("background")) or colour(inherited.get("background"))
        on = decls.get("on") or inherited.get("on")
        if bg is None and on:
            bg = colour(theme[on].get("background"))
        out.append((selector, fg, bg or page))
    return out


@pytest.mark.parametrize(("selector", "fg", "bg"), pairs())
def test_every_text_colour_meets_aaa_on_its_background(selector: str, fg: str, bg: str) -> None:
    assert contrast(fg, bg) >= 7.0, f"{selector}: #{fg} on #{bg} is {contrast(fg, bg):.2f}:1"


def test_the_check_covers_the_whole_theme() -> None:
    checked = {s for s, _, _ in pairs()}
    assert {"QLabel#choicetitle", "QPushButton#primary", "QPushButton#lang:checked"} <= checked
    assert len(checked) >= 40


def test_contrast_formula_matches_wcag_examples() -> None:
    assert contrast("000000", "FFFFFF") == pytest.approx(21.0)
    assert contrast("777777", "FFFFFF") == pytest.approx(4.48, abs=0.01)


def test_the_band_follows_the_kiosk_height_settings() -> None:
    assert AccessibleSettings().band_fraction == pytest.approx(0.45 / 0.70)
    low = AccessibleSettings(reach_m=1.0, screen_bottom_m=0.9, screen_top_m=1.6)
    assert low.band_fraction == 0.3  # never less than a usable band
    with pytest.raises(ValueError, match="screen_top_m"):
        AccessibleSettings(screen_bottom_m=1.5, screen_top_m=1.4)
