"""The kiosk's walk-in menu lists agencies and services in Azerbaijani alphabet order."""

from __future__ import annotations

from datetime import datetime

from kiosk_app.services.kiosk.walk_in_menu import build_menu
from server_sync.catalogue_data import load_demo_catalogue
from server_sync.kernel.clock import BAKU
from server_sync.kernel.text import collation_key

MONDAY_10 = datetime(2026, 11, 23, 10, 0, tzinfo=BAKU)


def test_agencies_and_services_follow_the_alphabet_with_real_names() -> None:
    demo = load_demo_catalogue()
    menu = build_menu(demo, "baku-1", MONDAY_10, {})
    agencies = [a.name("az") for a in menu.sorted_agencies("az")]
    assert agencies == sorted(agencies, key=collation_key)
    # ə is its own letter after e: Ədliyyə comes after Dövlət…, before İqtisadiyyat…
    assert agencies.index("Ədliyyə Nazirliyi") < agencies.index(
        "İqtisadiyyat Nazirliyi yanında Dövlət Vergi Xidməti"
    )
    assert agencies.index("Dövlət Miqrasiya Xidməti") < agencies.index("Ədliyyə Nazirliyi")
    assert agencies[0] == '"ASAN İmza" Sertifikatlar Xidmətləri Mərkəzi'
    din = [s.name("az")[0] for s in menu.services_of("din", "az")]
    assert din == ["B", "H", "İ", "M", "S", "Ş", "Ş", "Ü", "Ü", "Y", "Y"]  # Ş after S, Ü after U
    dsmf = [s.name("az").split()[0] for s in menu.services_of("dsmf", "az")]
    assert dsmf == ["Dövlət", "Əmək", "Əmək", "Fərdi"]  # ə between e and f, not folded to e


def test_russian_menu_sorts_in_russian_order() -> None:
    menu = build_menu(load_demo_catalogue(), "baku-1", MONDAY_10, {})
    names = [a.name("ru") for a in menu.sorted_agencies("ru")]
    assert names == sorted(names, key=lambda n: collation_key(n, "ru"))
    assert names[0].startswith("Г")  # Государственная… before Информационно-…, Министерство…
