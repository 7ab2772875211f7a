"""Is this kiosk healthy enough to tell the watchdog so?

The presenter checks the store every `STORE_POLL_OK_S` on the desk lane (the same
worker thread that issues tickets). A store check that has not come back for a
while means that lane is stuck (a hung lock, a dead NFS mount, a driver that
never returns): the kiosk can no longer issue tickets and should be restarted.
The caller runs on the UI thread, so a frozen UI thread stops the pings too.
"""

from __future__ import annotations

from kiosk_app.presenters.kiosk.core import STORE_POLL_OK_S, KioskCore

# a passing store check at most this old counts: two missed polls and some slack
STORE_ANSWER_MAX_AGE_S = 2.5 * STORE_POLL_OK_S


def healthy(presenter: KioskCore, max_age_s: float = STORE_ANSWER_MAX_AGE_S) -> bool:
    """True while the store's last check passed less than `max_age_s` ago."""
    ok_at = presenter.store_ok_at
    return ok_at is not None and presenter.monotonic() - ok_at <= max_age_s
