""" "Mənim müraciətlərim": the citizen's reception requests, as one section."""

from __future__ import annotations

from server_sync.kernel.i18n import N_
from server_sync.services.accounts.items import CitizenItem, ItemAction
from server_sync.services.receptions.service import ReceptionService


class ReceptionItems:
    name = "receptions"
    title_key = N_("account.items.receptions")

    def __init__(self, receptions: ReceptionService) -> None:
        self._receptions = receptions

    def items(self, citizen_id: int, language: str) -> list[CitizenItem]:
        officials = self._receptions.officials.by_id()
        found = []
        for view in self._receptions.history(citizen_id):
            official = officials.get(view.official_id)
            base = f"/receptions/{view.number}"
            found.append(
                CitizenItem(
                    "reception",
                    view.number,
                    official.title(language) if official else view.official_id,
                    official.organisation_in(language) if official else "",
                    view.day,
                    view.start,
                    f"reception-{view.status}",
                    (
                        ItemAction("view", N_("account.items.view"), f"{base}?lang={language}"),
                        ItemAction(
                            "notice", N_("reception.print_notice"), f"{base}/notice?lang={language}"
                        ),
                    ),
                )
            )
        return found
