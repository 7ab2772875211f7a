"""The files under `assets/deploy/`, filled in: `{{name}}` placeholders, all required.
A line holding only a placeholder whose value is empty is dropped."""

from __future__ import annotations

import re
from importlib import resources

_PLACEHOLDER = re.compile(r"\{\{(\w+)\}\}")


class TemplateError(Exception):
    pass


def template(name: str) -> str:
    """The text of `assets/deploy/<name>`."""
    return (resources.files("assets") / "deploy" / name).read_text(encoding="utf-8")


def render(name: str, values: dict[str, str]) -> str:
    def fill(match: re.Match[str]) -> str:
        key = match.group(1)
        if key not in values:
            raise TemplateError(f"{name}: no value for {{{{{key}}}}}")
        return values[key]

    out = []
    for line in template(name).splitlines():
        filled = _PLACEHOLDER.sub(fill, line)
        if filled.strip() or not _PLACEHOLDER.fullmatch(line.strip()):
            out.append(filled)
    return "\n".join(out) + "\n"
