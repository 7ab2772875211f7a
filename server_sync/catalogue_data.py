"""Reading catalogue files: the demo catalogue shipped in `assets`, or any file."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

from server_sync.kernel.catalogue import WEEKDAYS, Catalogue, CatalogueError

DEMO_CENTRE = "baku-1"


def load_demo_catalogue() -> Catalogue:
    """The ASAN network shipped with the product (`assets/catalogue/catalogue.json`)."""
    text = resources.files("assets").joinpath("catalogue/catalogue.json").read_text("utf-8")
    return Catalogue.from_dict(json.loads(text))


def load_catalogue_file(path: Path) -> Catalogue:
    """A catalogue from a JSON file, with one clear error for any problem."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CatalogueError(f"catalogue file not found: {path}") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise CatalogueError(f"catalogue file {path} is not valid JSON: {exc}") from None
    if not isinstance(data, dict):
        raise CatalogueError(f"catalogue file {path}: expected a JSON object")
    return Catalogue.from_dict(data)


def demo_hours(catalogue: Catalogue, centre_id: str = DEMO_CENTRE) -> Catalogue:
    """The demo centre open all day, every day (00:00-23:59): the demo works at any hour,
    at the centre (`db seed-demo`) and on the booking pages (`server prepare-demo`)."""
    data = catalogue.to_dict()
    for centre in data["centres"]:
        if centre["id"] == centre_id:
            centre["hours"] = {d: [["00:00", "23:59"]] for d in WEEKDAYS}
            centre["holidays"] = []
    return Catalogue.from_dict(data)
