"""The emulator's ESC/POS parser and renderer, fed by python-escpos itself."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from hardware.emulator import EscPosParser, render_escpos
from hardware.printing import job_to_bytes, layout_ticket
from hardware.printing._escpos import Dummy
from kiosk_app.services.kiosk.ticket_words import sample_slip


def _ticket_bytes() -> bytes:
    from datetime import datetime

    return job_to_bytes(layout_ticket(sample_slip("ru", datetime(2025, 1, 2, 10, 0)), 58))


TICKET = _ticket_bytes()
WHOLE = EscPosParser().feed(TICKET)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(min_value=1, max_value=len(TICKET) - 1), max_size=30))
def test_any_split_of_the_stream_parses_the_same(cuts):
    parser = EscPosParser()
    commands = []
    edges = [0, *sorted(set(cuts)), len(TICKET)]
    for start, end in itertools.pairwise(edges):
        commands += parser.feed(TICKET[start:end])
    assert commands == WHOLE
    assert parser.pending == 0


def test_text_sizes_bold_and_alignment_are_drawn():
    printer = Dummy()
    printer.set(align="center", bold=True, double_width=True, double_height=True)
    printer.textln("HELLO")
    printer.set(align="right", normal_textsize=True, bold=False)
    printer.textln("ab")
    printer.cut()
    (page,) = render_escpos(printer.output)
    ink = page.convert("L").point(lambda v: 255 - v)
    big = ink.crop((0, 0, 576, 48)).getbbox()
    small = ink.crop((0, 48, 576, 48 + 30)).getbbox()
    assert big is not None
    assert small is not None
    centre = (big[0] + big[2]) / 2
    assert abs(centre - 288) < 24  # centred
    assert big[3] - big[1] > 20  # double height: capitals of a 24-dot line are ~14 tall
    assert small[2] > 560  # right-aligned


def test_unknown_and_truncated_commands_never_break_the_parser():
    parser = EscPosParser()
    assert [c.kind for c in parser.feed(b"\x1b\xee\x1dz\x01")] == ["ignored", "ignored", "ignored"]
    assert parser.feed(b"\x1dv0\x00\x01\x00") == []  # waits for the rest
    assert parser.pending == 6
