"""Where the repository's files are, for tests that read them (the sample config,
the README, the catalogues)."""

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
