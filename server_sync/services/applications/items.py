""" "Mənim müraciətlərim": the citizen's applications, one section of `CitizenItems`."""

from __future__ import annotations

from server_sync.kernel.clock import BAKU
from server_sync.kernel.i18n import N_
from server_sync.services.accounts.items import CitizenItem, ItemAction
from server_sync.services.applications.service import Applications
from server_sync.services.catalogue_service import CatalogueService


class ApplicationItems:
    name = "applications"
    title_key = N_("account.items.applications")

    def __init__(self, applications: Applications, catalogue: CatalogueService) -> None:
        self._applications = applications
        self._catalogue = catalogue

    def items(self, citizen_id: int, language: str) -> list[CitizenItem]:
        catalogue = self._catalogue.current().catalogue
        found = []
        for a in self._applications.of_citizen(citizen_id):
            service = catalogue.services.get(a.service_id)
            agency = catalogue.agencies.get(a.agency_id)
            at = a.created_at.astimezone(BAKU)
            url = f"/applications/{a.number}?lang={language}"
            found.append(
                CitizenItem(
                    "application",
                    a.number,
                    service.name(language) if service else a.service_id,
                    agency.name(language) if agency else a.agency_id,
                    at.date(),
                    at.strftime("%H:%M"),
                    f"application-{a.status}",
                    (ItemAction("view", N_("account.items.view"), url),),
                )
            )
        return found
