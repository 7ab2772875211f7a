"""Operating a node: systemd notifications, the secrets file, store backups.

Nothing here knows the domain: these are the pieces an installed service needs
around the program (see `docs/install.md`).
"""
