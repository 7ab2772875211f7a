"""`asan-queue install`: turn a Debian 12 machine into a centre node, kiosk, staff PC,
hall display or the central service (system users, settings, secrets, state,
systemd units, the kiosk lockdown). See `docs/install.md`.

The plan (`plan.py`) is pure: what to write, with which mode and owner; `apply.py`
writes it under a root folder (`/`, or a chroot or test folder).
"""

from kiosk_app.install.options import ROLES, InstallOptions, Role

__all__ = ["ROLES", "InstallOptions", "Role"]
