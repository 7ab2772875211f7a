"""Regenerate the hall display's Azerbaijani clips in assets/sounds/az/.

Needs the Debian packages espeak-ng and sox (dev-only: the WAVs are committed).
    .venv/bin/python bench/generate_sounds.py
"""

from __future__ import annotations

import sys
from pathlib import Path

from hardware.audio.synth import speak_to_wav, tools_missing, write_chime
from kiosk_app.domain.announcement import CHIME, all_clip_words

OUT = Path(__file__).resolve().parent.parent / "assets" / "sounds" / "az"


def main() -> int:
    missing = tools_missing()
    if missing:
        print(f"missing tools: {', '.join(missing)} (apt-get install -y espeak-ng sox)")
        return 2
    OUT.mkdir(parents=True, exist_ok=True)
    write_chime(OUT / f"{CHIME}.wav")
    for name, text in sorted(all_clip_words().items()):
        speak_to_wav(text, OUT / f"{name}.wav")
    total = sum(p.stat().st_size for p in OUT.glob("*.wav"))
    print(f"{len(list(OUT.glob('*.wav')))} clips, {total / 1024:.0f} KB in {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
