"""People ahead and the wait (sizdən əvvəl N nəfər, gözləmə müddəti): one
computation for the paper ticket, the kiosk screen, the walk-in menu, the
management screen and the status page.

Who is ahead is the dispatch's rule (`dispatch.Staffing.reach`,
`people_ahead`): the waiting tickets that the open counters serving a ticket's
service would call before it, whatever their service. The wait divides by
those counters (`estimate_wait`), and the typical service time comes from the
service's last 20 services of the day (kept with the day's totals). Every read
is bounded by the waiting queue, never by the day's tickets.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from sqlalchemy import Connection

from kiosk_app.domain.dispatch import Staffing, people_ahead_all, people_ahead_of_newcomer
from kiosk_app.domain.estimates import WaitEstimate, estimate_wait
from kiosk_app.domain.tickets import Ticket
from kiosk_app.store import day_stats_repo, queue_repo, waiting_repo
from server_sync.kernel.catalogue import Catalogue

DEFAULT_SERVICE_MINUTES = 10  # a service missing from the catalogue (never in practice)


def staffing(conn: Connection, catalogue: Catalogue, centre_id: str) -> Staffing:
    """The centre's counters from the catalogue, open or not from the store."""
    centre = catalogue.centres[centre_id]
    return Staffing(
        {c.number: c.service_ids for c in centre.counters},
        queue_repo.open_counters(conn, centre_id),
    )


class _Minutes:
    """Typical service times (each service's last 20, kept with the day's totals),
    read once and only when someone is ahead."""

    def __init__(
        self,
        conn: Connection,
        catalogue: Catalogue,
        centre_id: str,
        day: date,
        only: str | None = None,
    ) -> None:
        self.conn, self.catalogue, self.centre_id, self.day = conn, catalogue, centre_id, day
        self.only = only  # the one service asked about, if so
        self._recent: dict[str, list[float]] | None = None

    def estimate(self, service_id: str, ahead: int, counters: int) -> WaitEstimate:
        service = self.catalogue.services.get(service_id)
        average = service.average_minutes if service else DEFAULT_SERVICE_MINUTES
        recent: list[float] = []
        if ahead > 0:
            if self._recent is None:
                self._recent = day_stats_repo.recent_minutes(
                    self.conn, self.centre_id, self.day, self.only
                )
            recent = self._recent.get(service_id, [])
        return estimate_wait(
            ahead, open_counters=counters, recent_minutes=recent, catalogue_minutes=average
        )


def for_ticket(
    conn: Connection, catalogue: Catalogue, centre_id: str, ticket: Ticket
) -> WaitEstimate:
    """The estimate printed on a waiting ticket and shown on the kiosk screen."""
    reach = staffing(conn, catalogue, centre_id).reach(ticket.service_id, ticket.counter)
    ahead = waiting_repo.count_ahead(conn, ticket, reach)
    minutes = _Minutes(conn, catalogue, centre_id, ticket.day, only=ticket.service_id)
    return minutes.estimate(ticket.service_id, ahead, len(reach.counters))


def for_newcomers(
    conn: Connection,
    catalogue: Catalogue,
    centre_id: str,
    now: datetime,
    service_ids: Iterable[str],
    *,
    crew: Staffing | None = None,
    groups: Iterable[waiting_repo.WaitingGroup] | None = None,
) -> dict[str, WaitEstimate]:
    """What a walk-in joining each service now would be told (the walk-in menu,
    the management screen's queue table). `crew` and `groups` may be passed when
    the caller has read them already."""
    day = now.date()
    crew = crew or staffing(conn, catalogue, centre_id)
    if groups is None:
        groups = waiting_repo.waiting_groups(conn, centre_id, day, now)
    due: dict[tuple[str, int | None], int] = {}
    for g in groups:
        due[(g.service_id, g.counter)] = due.get((g.service_id, g.counter), 0) + g.due
    minutes = _Minutes(conn, catalogue, centre_id, day)
    out = {}
    for sid in service_ids:
        ahead = people_ahead_of_newcomer(sid, due, crew)
        out[sid] = minutes.estimate(sid, ahead, len(crew.callers(sid)))
    return out


def for_waiting(
    conn: Connection, catalogue: Catalogue, centre_id: str, day: date
) -> dict[int, WaitEstimate]:
    """The estimate of every waiting ticket (the queue snapshot for the status page)."""
    crew = staffing(conn, catalogue, centre_id)
    waiting = waiting_repo.waiting_list(conn, centre_id, day)
    ahead = people_ahead_all(waiting, crew)
    minutes = _Minutes(conn, catalogue, centre_id, day)
    return {
        w.ticket_id: minutes.estimate(
            w.service_id, ahead[w.ticket_id], len(crew.callers(w.service_id, w.counter))
        )
        for w in waiting
    }
