"""The management screen's data: live queues, counters, devices, the day's figures.

One snapshot is three reads (tickets of the day, counters, devices); every
figure is computed from them in Python by the pure domain functions, so a
refresh on a busy day stays well under 100 ms.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import Engine

from kiosk_app.domain.counter import CounterState
from kiosk_app.domain.estimates import estimate_wait
from kiosk_app.domain.figures import TicketFacts, day_figures, longest_wait_minutes
from kiosk_app.domain.tickets import TicketStatus
from kiosk_app.services.staff.store_errors import store_errors
from kiosk_app.services.staff.types import (
    Alert,
    CounterView,
    Dashboard,
    DeviceView,
    QueueView,
)
from kiosk_app.store import dashboard_repo, queue_repo
from kiosk_app.store.engine import read_tx
from server_sync.kernel.catalogue import Catalogue
from server_sync.kernel.clock import Clock

DEVICE_STALE = timedelta(minutes=3)


def device_alerts(d: dashboard_repo.DeviceStatus, now: datetime) -> tuple[str, ...]:
    keys = []
    if now - d.last_seen > DEVICE_STALE:
        keys.append("device_silent")
    if d.paper == "out":
        keys.append("paper_out")
    elif d.paper == "near_end":
        keys.append("paper_low")
    if d.printer_state == "offline":
        keys.append("printer_offline")
    if d.cover_open:
        keys.append("cover_open")
    return tuple(keys)


class ManagerDashboard:
    def __init__(
        self,
        engine: Engine,
        clock: Clock,
        catalogue: Catalogue,
        centre_id: str,
        target_wait_minutes: int,
    ) -> None:
        self.engine, self.clock, self.catalogue = engine, clock, catalogue
        self.centre_id = centre_id
        self.target = target_wait_minutes

    @store_errors
    def snapshot(self) -> Dashboard:
        now = self.clock.now()
        day = now.date()
        with read_tx(self.engine) as conn:
            facts = dashboard_repo.ticket_facts(conn, self.centre_id, day, day)
            counters = queue_repo.list_counters(conn, self.centre_id)
            devices = dashboard_repo.devices(conn)
        centre = self.catalogue.centres[self.centre_id]
        counter_views = []
        for c in centre.counters:
            rec = counters.get(c.number)
            counter_views.append(
                CounterView(
                    c.number,
                    rec.state if rec else CounterState.CLOSED,
                    rec.operator if rec else None,
                    None,
                    tuple(sorted(c.service_ids)),
                )
            )
        in_hand = {r.ticket_id: r.number for r in counters.values() if r.ticket_id}
        if in_hand:
            counter_views = self._with_numbers(counter_views, in_hand)
        queues = self._queues(facts, counter_views, now)
        device_views = tuple(
            DeviceView(
                d.device_id,
                d.kind,
                d.version,
                d.last_seen,
                d.printer_state,
                d.paper,
                device_alerts(d, now),
            )
            for d in devices
        )
        figures = day_figures(facts, self.target)
        return Dashboard(
            now,
            queues,
            tuple(counter_views),
            device_views,
            figures,
            self._alerts(queues, counter_views, device_views),
        )

    def _with_numbers(self, views: list[CounterView], in_hand: dict[int, int]) -> list[CounterView]:
        with read_tx(self.engine) as conn:
            numbers = dashboard_repo.ticket_numbers(conn, list(in_hand))
        by_counter = {counter: numbers.get(tid) for tid, counter in in_hand.items()}
        return [
            CounterView(v.number, v.state, v.operator, by_counter.get(v.number), v.services)
            for v in views
        ]

    def _queues(
        self, facts: list[TicketFacts], counters: list[CounterView], now: datetime
    ) -> tuple[QueueView, ...]:
        centre = self.catalogue.centres[self.centre_id]
        out = []
        for sid in sorted(centre.service_ids):
            service = self.catalogue.services[sid]
            mine = [f for f in facts if f.service_id == sid]
            waiting = [f.issued_at for f in mine if f.status is TicketStatus.WAITING]
            recent = [
                m
                for f in sorted(mine, key=lambda f: f.finished_at or now)
                if (m := f.service_minutes) is not None
            ]
            open_n = sum(1 for c in counters if sid in c.services and c.state is CounterState.OPEN)
            est = estimate_wait(
                len(waiting),
                open_counters=open_n,
                recent_minutes=recent,
                catalogue_minutes=service.average_minutes,
            )
            longest = longest_wait_minutes(waiting, now)
            out.append(
                QueueView(
                    sid, service.name, service.group, len(waiting), longest, est.minutes, open_n
                )
            )
        return tuple(out)

    def _alerts(
        self,
        queues: tuple[QueueView, ...],
        counters: list[CounterView],
        devices: tuple[DeviceView, ...],
    ) -> tuple[Alert, ...]:
        alerts = [
            Alert(k, d.device_id, k in ("paper_out", "printer_offline", "device_silent"))
            for d in devices
            for k in d.alerts
        ]
        for q in queues:
            if q.waiting and q.open_counters == 0:
                alerts.append(Alert("no_open_counter", q.service_id, True))
            elif q.longest_wait > self.target:
                alerts.append(Alert("wait_over_target", q.service_id, False))
        return tuple(alerts)
