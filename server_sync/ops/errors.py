"""Errors of store operations: each is one line a person can act on."""


class BackupError(Exception):
    """A backup, restore or check could not be done (missing file, tool, rights…)."""


class StoreInUse(BackupError):
    """The store is open in a running program; stop the services first."""


class TargetNotEmpty(BackupError):
    """A restore would overwrite a store that holds data (use --force)."""
