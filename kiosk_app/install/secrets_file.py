"""Merging the secrets file: new secrets are added, existing ones are never replaced.

A value a person passes (a sync token) that differs from the one in the file is
refused rather than overwritten: the old one may be the one that works.
"""

from __future__ import annotations

from dataclasses import dataclass

from server_sync.ops.envfile import parse_env, quote

HEADER = (
    "# ASAN queue secrets of this machine (asan-queue install). Mode 0600, owner asanq.\n"
    "# systemd reads it for the units (EnvironmentFile=); commands run by hand get it\n"
    "# through ASANQ_SECRETS (asan-queue-admin does that). KEY='value', nothing expanded.\n"
)


class SecretConflict(Exception):
    """A secret given now differs from the one already in the file."""


@dataclass(frozen=True)
class Merged:
    text: str
    added: tuple[str, ...]
    missing: tuple[str, ...]  # wanted, but nobody has given a value yet


def merge(existing: str | None, wanted: dict[str, str | None], generated: frozenset[str]) -> Merged:
    current = parse_env(existing) if existing else {}
    lines = existing.rstrip("\n").splitlines() if existing else HEADER.rstrip("\n").splitlines()
    added: list[str] = []
    missing: list[str] = []
    for key, value in wanted.items():
        if key in current:
            if value is not None and key not in generated and value != current[key]:
                raise SecretConflict(
                    f"{key} is set already and differs: the file keeps its value "
                    "(edit it by hand if you mean to replace it)"
                )
            continue
        placeholder = f"# {key}="
        if value is None:
            missing.append(key)
            if placeholder not in lines:
                lines.append(placeholder)
            continue
        if placeholder in lines:
            lines.remove(placeholder)
        lines.append(f"{key}={quote(value)}")
        added.append(key)
    return Merged("\n".join(lines) + "\n", tuple(added), tuple(missing))
