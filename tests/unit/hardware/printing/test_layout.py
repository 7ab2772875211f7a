"""The ticket layout as data: what a visitor sees, on both paper widths."""

from __future__ import annotations

from dataclasses import replace

import pytest

from hardware.printing import (
    AZ_LETTERS,
    PAPER_58MM,
    PAPER_80MM,
    Cut,
    PrintJob,
    Qr,
    Raster,
    TicketSlip,
    layout_ticket,
    render_job,
)
from hardware.printing.typeset import TextStyle, font, set_line
from kiosk_app.services.kiosk.ticket_words import sample_slip, self_test_slip, ticket_words
from server_sync.kernel.i18n import Translator
from server_sync.kernel.wording import estimated_wait, people_ahead


def _rasters(job: PrintJob) -> list[Raster]:
    return [op for op in job.operations if isinstance(op, Raster)]


@pytest.mark.parametrize("paper", [PAPER_80MM, PAPER_58MM])
@pytest.mark.parametrize("language", ["az", "ru", "en"])
@pytest.mark.parametrize("booking", [False, True])
def test_every_line_fits_the_paper_and_the_number_dominates(paper, language, booking, issued_at):
    job = layout_ticket(sample_slip(language, issued_at, booking=booking), paper)
    rasters = _rasters(job)
    assert all(r.printed_size[0] <= paper.dots for r in rasters)
    tallest = max(rasters, key=lambda r: r.printed_size[1])
    assert tallest.scale == 2  # the number, doubled by the printer
    dots_per_mm = paper.dots / (72 if paper.width_mm == 80 else 48)
    assert tallest.printed_size[1] / dots_per_mm >= 11  # >= 11 mm tall: readable at arm's length
    assert tallest.printed_size[0] >= paper.dots * 0.8  # and nearly the paper's width
    assert isinstance(job.operations[-1], Cut)
    slip = sample_slip(language, issued_at, booking=booking)
    assert [op.payload for op in job.operations if isinstance(op, Qr)] == [slip.status_url]


def test_a_booking_prints_its_slot_and_online_booking(issued_at):
    walk_in = sample_slip("az", issued_at)
    booked = sample_slip("az", issued_at, booking=True, number="A042")
    assert len(_rasters(layout_ticket(booked, 80))) == len(_rasters(layout_ticket(walk_in, 80))) + 2
    words = layout_ticket(booked, 80)
    assert words.title == "ticket A042"


def test_footer_defaults_to_the_108_line_and_can_be_left_out(issued_at):
    slip = sample_slip("ru", issued_at)
    with_footer = len(_rasters(layout_ticket(slip, 80)))
    without = len(_rasters(layout_ticket(replace(slip, words=replace(slip.words, footer="")), 80)))
    assert with_footer == without + 1


def test_a_very_long_service_name_is_wrapped_into_at_most_three_lines(issued_at):
    long_name = " ".join(["Daşınmaz əmlak üzərində hüquqların dövlət qeydiyyatı"] * 3)
    slip = replace(sample_slip("az", issued_at), service_name=long_name)
    plain = layout_ticket(sample_slip("az", issued_at), 58)
    longer = layout_ticket(slip, 58)
    assert len(_rasters(longer)) - len(_rasters(plain)) <= 2
    assert all(r.width <= PAPER_58MM.dots for r in _rasters(longer))


def test_a_long_ticket_number_still_fits(issued_at):
    slip = replace(sample_slip("en", issued_at), number="AB1042")
    for paper in (PAPER_80MM, PAPER_58MM):
        assert all(r.printed_size[0] <= paper.dots for r in _rasters(layout_ticket(slip, paper)))


def test_layout_is_pure_same_slip_same_job(issued_at):
    slip = sample_slip("az", issued_at, booking=True)
    assert layout_ticket(slip, 80) == layout_ticket(slip, 80)


def test_header_image_goes_on_top(issued_at):
    from PIL import Image

    header = Raster.from_image(Image.new("1", (200, 40), 0))
    job = layout_ticket(sample_slip("az", issued_at), 80, header=header)
    assert job.operations[0] == header


def test_bad_slips_and_papers_are_refused(issued_at):
    slip = sample_slip("az", issued_at)
    with pytest.raises(ValueError, match="language"):
        sample_slip("de", issued_at)
    with pytest.raises(ValueError, match="number"):
        replace(slip, number=" ")
    with pytest.raises(ValueError, match="negative"):
        ticket_words(Translator("az"), ahead=-1, wait_minutes=0, issued_at=issued_at)
    with pytest.raises(ValueError, match="58 or 80"):
        layout_ticket(slip, 76)
    assert isinstance(slip, TicketSlip)


def test_azerbaijani_letters_have_real_glyphs_in_the_bundled_font():
    style = TextStyle(40)
    missing = set_line("\ue000", style).raster  # a code point DejaVu has no glyph for
    for letter in AZ_LETTERS.split():
        assert font(40).getbbox(letter) is not None
        glyph = set_line(letter, style).raster
        assert glyph is not None, letter
        assert glyph != missing, letter
    # and each letter prints differently from its Latin look-alike
    for az, latin in [("ə", "e"), ("ı", "i"), ("İ", "I"), ("ş", "s"), ("ç", "c"), ("ğ", "g")]:
        assert set_line(az, style).raster != set_line(latin, style).raster, az


def test_the_test_page_carries_every_azerbaijani_letter(issued_at):
    slip = self_test_slip(issued_at, "http://127.0.0.1:8080/t/test")
    assert all(letter in slip.service_name for letter in AZ_LETTERS.split())
    image = render_job(layout_ticket(slip, 80))
    assert image.width == 576
    assert image.height > 600


@pytest.mark.parametrize(
    ("count", "language", "text"),
    [
        (0, "az", "Sizdən əvvəl heç kim yoxdur"),
        (5, "az", "Sizdən əvvəl 5 nəfər"),
        (1, "ru", "Перед вами 1 человек"),
        (3, "ru", "Перед вами 3 человека"),
        (12, "ru", "Перед вами 12 человек"),
        (22, "ru", "Перед вами 22 человека"),
        (7, "en", "7 people ahead of you"),
    ],
)
def test_people_ahead_in_each_language(count, language, text):
    assert people_ahead(Translator(language), count).replace("\xa0", " ") == text


@pytest.mark.parametrize(
    ("minutes", "language", "text"),
    [
        (0, "en", "Estimated wait: under a minute"),
        (15, "az", "Təxmini gözləmə: ~15 dəq"),
        (60, "ru", "Примерное время ожидания: ~1 ч"),
        (75, "en", "Estimated wait: ~1 h 15 min"),
    ],
)
def test_wait_time_in_each_language(minutes, language, text):
    assert estimated_wait(Translator(language), minutes).replace("\xa0", " ") == text
