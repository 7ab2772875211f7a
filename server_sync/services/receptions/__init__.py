"""Receptions with officials (seed 002): officials and their reception days, the
citizen's requests, history and comments, the notice, and the official's office."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.engine import Engine

from server_sync.kernel.clock import Clock
from server_sync.services.accounts.profile import AccountService
from server_sync.services.catalogue_service import CatalogueService
from server_sync.services.receptions.office import ReceptionOffice
from server_sync.services.receptions.officials import Official, Officials, seed_demo_officials
from server_sync.services.receptions.records import RequestView
from server_sync.services.receptions.service import HistoryQuery, ReceptionService
from server_sync.services.receptions.tell import NoticeTeller, Teller


@dataclass
class ReceptionServices:
    officials: Officials
    requests: ReceptionService
    office: ReceptionOffice


def build_receptions(
    engine: Engine,
    catalogue: CatalogueService,
    accounts: AccountService,
    secret: str,
    clock: Clock,
    on_queued: Callable[[], None],
    teller: Teller,
) -> ReceptionServices:
    officials = Officials(engine)
    requests = ReceptionService(engine, officials, catalogue, accounts, teller, clock, on_queued)
    office = ReceptionOffice(engine, requests, teller, secret, clock, on_queued)
    return ReceptionServices(officials, requests, office)


__all__ = [
    "HistoryQuery",
    "NoticeTeller",
    "Official",
    "ReceptionServices",
    "RequestView",
    "build_receptions",
    "seed_demo_officials",
]
