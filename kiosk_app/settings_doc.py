"""The sample config file and the README's settings table, made from the models,
so documentation cannot drift from the code (a test compares them)."""

from __future__ import annotations

import json
from typing import Any

from kiosk_app.settings import Settings
from server_sync.kernel.settings_model import fields_of, is_section
from server_sync.settings import CentralSettings


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        pairs = (f"{json.dumps(str(k))} = {_toml_value(v)}" for k, v in value.items())
        return "{ " + ", ".join(pairs) + " }"
    return json.dumps(str(value), ensure_ascii=False)


def _doc(model: type) -> str:
    doc = model.__doc__ or ""
    if doc.startswith(f"{model.__name__}("):  # the signature dataclasses write when none is
        return ""
    return " ".join(doc.split())


def _sections() -> list[tuple[str, type, Any]]:
    defaults = Settings()
    out = []
    # The centre's own sections first, then the central ones they build on.
    central = [f.name for f in fields_of(CentralSettings)]
    names = [f.name for f in fields_of(Settings) if f.name not in central] + central
    for name in names:
        value = getattr(defaults, name)
        if is_section(type(value)):
            out.append((name, type(value), value))
    return out


def sample_toml() -> str:
    """A commented TOML file with every setting at its default."""
    lines = [
        "# ASAN queue settings. Copy this file, change what you need, and pass it with",
        "# --config FILE or ASANQ_CONFIG=FILE. Every key can also be set by an environment",
        "# variable ASANQ_<SECTION>__<KEY> (e.g. ASANQ_DB__URL), which wins over this file.",
        "# Keys left commented out have no default (secrets: set them for production).",
        "",
        "# demo = false    # demo mode: allows built-in secrets; never in production",
        "# demo_clock_offset_s = 0    # demo only: seconds from the real clock (demo --clock)",
    ]
    for name, model, value in _sections():
        lines += ["", f"[{name}]"]
        if _doc(model):
            lines.append(f"# {_doc(model)}")
        for field in fields_of(model):
            shown = field.key
            current = getattr(value, field.name)
            comment = f"  # {field.doc}" if field.doc else ""
            if current is None:
                lines.append(f'# {shown} = ""{comment}')
            else:
                lines.append(f"{shown} = {_toml_value(current)}{comment}")
    return "\n".join(lines) + "\n"


def readme_table() -> str:
    """Markdown rows: environment variable, default, meaning."""
    rows = [
        "| Environment variable | Default | Meaning |",
        "|---|---|---|",
        "| `ASANQ_CONFIG` | — | TOML settings file (same as `--config`) |",
        "| `ASANQ_DEMO` | `false` | demo mode: built-in secrets allowed; never in production |",
        "| `ASANQ_DEMO_CLOCK_OFFSET_S` | `0` | demo only: seconds every process stands from the "
        "real clock (`asan-queue demo --clock 23:30` sets it) |",
    ]
    for name, model, value in _sections():
        rows.append(f"| **[{name}]** | | {_doc(model)} |")
        for field in fields_of(model):
            shown = field.key
            current = getattr(value, field.name)
            default = "—" if current is None else f"`{_toml_value(current).strip(chr(34))}`"
            meaning = field.doc
            rows.append(f"| `ASANQ_{name.upper()}__{shown.upper()}` | {default} | {meaning} |")
    return "\n".join(rows)


BEGIN, END = "<!-- settings:begin -->", "<!-- settings:end -->"


def write_docs(root: str = ".") -> None:
    """Rewrite the sample config and the README table in a checkout (for developers)."""
    from pathlib import Path

    base = Path(root)
    (base / "assets" / "config" / "asan-queue.sample.toml").write_text(sample_toml(), "utf-8")
    readme = base / "README.md"
    text = readme.read_text("utf-8")
    start, end = text.index(BEGIN) + len(BEGIN), text.index(END)
    readme.write_text(text[:start] + "\n" + readme_table() + "\n" + text[end:], "utf-8")
