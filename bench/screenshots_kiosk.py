"""Screenshots of every kiosk screen in az, ru and en, landscape and portrait.

    .venv/bin/python bench/screenshots_kiosk.py [--out var/screenshots/kiosk] [--only az]

Runs offscreen on a throw-away store (bench/kiosk_scene.py): the real
presenter, backend and widgets, a fake printer. Writes
`<WxH>/<language>/<NN-screen>.png` for every common kiosk size (`--size 1280x800`
for one) and prints a `!!` line for any screen whose layout does not fit.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtWidgets import QApplication

from bench.kiosk_scene import make_scene
from hardware.printing import FakeTicketPrinter, PaperOut
from kiosk_app.composition.kiosk import build_window
from kiosk_app.presenters.kiosk.presenter import KioskPresenter
from kiosk_app.presenters.kiosk.runner import InlineRunner
from kiosk_app.services.kiosk.pin import hash_pin
from kiosk_app.services.kiosk.types import StoreUnavailable
from server_sync.kernel.order_codes import damm_check_digit

# Every common kiosk screen, landscape and portrait.
SIZES = {
    "1280x800": (1280, 800),
    "1280x1024": (1280, 1024),
    "1366x768": (1366, 768),
    "1920x1080": (1920, 1080),
    "1080x1920": (1080, 1920),
    "800x1280": (800, 1280),
    "768x1366": (768, 1366),
}


class HoldRunner(InlineRunner):
    """Runs printer jobs at once but holds desk jobs when asked (for the busy screen)."""

    hold = False

    def run(self, lane, job, done, failed=None):  # type: ignore[no-untyped-def]
        if self.hold and lane == "desk":
            return
        super().run(lane, job, done, failed)


def steps(
    p: KioskPresenter,
    codes: dict[str, str],
    printer: FakeTicketPrinter,
    runner: HoldRunner,
    fresh_code: Callable[[], str],
) -> list[tuple[str, Callable[[], None]]]:
    def key_in(value: str) -> None:
        p.go_home()
        p.choose_code()
        for d in value:
            p.key_digit(d)
        p.submit_code()

    def code(name: str) -> Callable[[], None]:
        return lambda: key_in(codes[name])

    def booked() -> None:
        key_in(fresh_code())  # a code checks in once: each shot needs its own booking

    def partial_code() -> None:
        p.go_home()
        p.choose_code()
        for d in codes["ok"][:7]:
            p.key_digit(d)

    def typo() -> None:
        p.go_home()
        p.choose_code()
        good = codes["ok"]
        for d in good[:-1] + str((int(good[-1]) + 1) % 10):
            p.key_digit(d)
        p.submit_code()

    def agencies() -> None:
        p.go_home()
        p.choose_walk_in()

    def services() -> None:
        agencies()
        p.choose_agency(p.current_page.rows[0].key)

    def search() -> None:
        agencies()
        p.open_search()
        for ch in "PAS":
            p.search_key(ch)

    def busy() -> None:
        p.go_home()
        runner.hold = True
        p.choose_walk_in()
        runner.hold = False

    def walk_in_ticket() -> None:
        services()
        p.choose_service(p.current_page.rows[0].key)

    def failed_ticket() -> None:
        printer.fail_with(PaperOut("the printer is out of paper"), times=1)
        walk_in_ticket()

    def store_down() -> None:
        p.go_home()
        p._message(StoreUnavailable("OperationalError"))

    def staff() -> None:
        p.go_home()
        for _ in range(5):
            p.staff_corner()
        for d in "12":
            p.staff_digit(d)

    return [
        ("01-home", p.go_home),
        ("02-code-typing", partial_code),
        ("03-code-typing-error", typo),
        ("04-agencies", agencies),
        ("05-services", services),
        ("06-search", search),
        ("07-busy", busy),
        ("08-ticket-walk-in", walk_in_ticket),
        ("09-ticket-booked", booked),
        ("10-ticket-printer-failed", failed_ticket),
        ("11-refusal-unknown", code("unknown")),
        ("12-refusal-wrong-centre", code("wrong_centre")),
        ("13-refusal-wrong-day", code("wrong_day")),
        ("14-refusal-too-early", code("too_early")),
        ("15-refusal-too-late", code("too_late")),
        ("16-refusal-used", code("used")),
        ("17-refusal-cancelled", code("cancelled")),
        ("18-refusal-store-down", store_down),
        ("19-staff-exit", staff),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="var/screenshots/kiosk")
    parser.add_argument("--only", choices=("az", "ru", "en"), help="one language only")
    parser.add_argument("--size", choices=tuple(SIZES), action="append", help="only these sizes")
    args = parser.parse_args()
    out = Path(args.out)
    app = QApplication.instance() or QApplication([])
    count = 0
    with tempfile.TemporaryDirectory() as tmp:
        printer = FakeTicketPrinter()
        scene = make_scene(Path(tmp), printer=printer)
        scene.codes["unknown"] = "10000000000" + str(damm_check_digit("10000000000"))
        settings = scene.settings.with_overrides({"kiosk.exit_pin_hash": hash_pin("2468")})
        runner = HoldRunner()
        for orientation, (w, h) in SIZES.items():
            if args.size and orientation not in args.size:
                continue
            window, p = build_window(scene.backend, settings, runner, locked=False)
            window.resize(w, h)
            window.show()
            for language in ("az", "ru", "en"):
                if args.only and language != args.only:
                    continue
                folder = out / orientation / language
                folder.mkdir(parents=True, exist_ok=True)
                for name, go in steps(p, scene.codes, printer, runner, scene.fresh_code):
                    p.set_language(language)
                    go()
                    if p.screen.value == "busy":
                        window._show_busy()  # shown after a moment in real use
                    app.processEvents()
                    shown = window.stack.currentWidget()
                    need = shown.minimumSizeHint()
                    if need.height() > shown.height() or need.width() > shown.width():
                        print(
                            f"!! {orientation} {language} {name}: needs {need.width()}x"
                            f"{need.height()}, has {shown.width()}x{shown.height()}"
                        )
                    if (window.width(), window.height()) != (w, h):
                        print(
                            f"!! {orientation} {language} {name}: window grew to "
                            f"{window.width()}x{window.height()}"
                        )
                    window.grab().save(str(folder / f"{name}.png"))
                    count += 1
            window.p.quit_requested = True
            window.close()
            window.deleteLater()
            app.processEvents()
        scene.close()
    print(f"{count} screenshots in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
