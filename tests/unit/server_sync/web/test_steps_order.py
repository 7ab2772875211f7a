"""The booking pages list agencies and services in the alphabet's order of the page language."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from server_sync.catalogue_data import load_demo_catalogue
from server_sync.kernel.text import collation_key
from server_sync.web.steps import choose_step


def _services() -> Any:
    view = SimpleNamespace(catalogue=load_demo_catalogue())
    return SimpleNamespace(catalogue=SimpleNamespace(current=lambda: view))


def test_agency_list_is_in_azerbaijani_order_with_edliyye_in_its_place() -> None:
    step = choose_step(_services(), {}, "az")
    labels = [o.label for o in step.options]
    assert labels == sorted(labels, key=collation_key)
    assert labels[-1] != "Ədliyyə Nazirliyi"  # code-point order put it last
    assert labels.index("Dövlət Miqrasiya Xidməti") < labels.index("Ədliyyə Nazirliyi")
    assert labels.index("Ədliyyə Nazirliyi") < labels.index("Milli Arxiv İdarəsi")


def test_service_list_is_sorted_too() -> None:
    step = choose_step(_services(), {"agency": "edliyye"}, "az")
    labels = [o.label for o in step.options]
    assert labels == sorted(labels, key=collation_key)
    assert labels[0].startswith("Adın")
    english = [o.label for o in choose_step(_services(), {"agency": "edliyye"}, "en").options]
    assert english == sorted(english, key=lambda n: collation_key(n, "en"))
