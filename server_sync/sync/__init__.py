"""The sync protocol (schemas), the agent's pure planner, the agent loop and
its HTTP client. See `protocol` for the messages and `rules` for conflicts."""

from server_sync.sync.agent import SyncAgent
from server_sync.sync.client import CentralRefused, CentralUnavailable, SyncClient
from server_sync.sync.lookup_client import HttpOnlineLookup
from server_sync.sync.planner import ApplyPlan, Backoff, Cursor
from server_sync.sync.port import CentreStorePort

__all__ = [
    "ApplyPlan",
    "Backoff",
    "CentralRefused",
    "CentralUnavailable",
    "CentreStorePort",
    "Cursor",
    "HttpOnlineLookup",
    "SyncAgent",
    "SyncClient",
]
