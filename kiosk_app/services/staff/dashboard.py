"""The management screen's data: live queues, counters, devices, the day's figures.

One snapshot reads the day's running totals (`day_stats_repo`), the waiting
queue by service and counter, the counters and the devices: its cost follows
the queue, never the number of tickets the day has seen. The figures come from
the totals (`domain.day_stats`), the estimates from `queue_estimates` (what the
kiosk would tell a newcomer). It blocks: the management screen runs it on a
worker thread.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from sqlalchemy import Engine

from kiosk_app.domain.counter import CounterState
from kiosk_app.domain.day_stats import figures_of
from kiosk_app.domain.estimates import WaitEstimate
from kiosk_app.domain.figures import longest_wait_minutes
from kiosk_app.services import queue_estimates
from kiosk_app.services.kiosk.code_guesses import PREFIX as GUESS_PREFIX
from kiosk_app.services.staff.store_errors import store_errors
from kiosk_app.services.staff.types import (
    Alert,
    CounterView,
    Dashboard,
    DeviceView,
    QueueView,
)
from kiosk_app.store import (
    booking_repo,
    dashboard_repo,
    day_stats_repo,
    device_repo,
    guess_repo,
    queue_repo,
    waiting_repo,
)
from kiosk_app.store.engine import read_tx
from server_sync.kernel.catalogue import Catalogue
from server_sync.kernel.clock import Clock
from server_sync.kernel.device_words import printer_fault

DEVICE_STALE = timedelta(minutes=3)


def device_alerts(d: device_repo.DeviceStatus, now: datetime) -> tuple[str, ...]:
    """The device's alerts: silent, and its one printer fault (`printer_fault`)."""
    keys = []
    if now - d.last_seen > DEVICE_STALE:
        keys.append("device_silent")
    fault = printer_fault(d.printer_state, d.paper, d.cover_open)
    if fault is not None:
        keys.append(fault)
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
        centre = self.catalogue.centres[self.centre_id]
        with read_tx(self.engine) as conn:
            stats = day_stats_repo.day_stats(conn, self.centre_id, day)
            groups = waiting_repo.waiting_groups(conn, self.centre_id, day, now)
            counters = queue_repo.list_counters(conn, self.centre_id)
            devices = device_repo.list_devices(conn)
            guessing = guess_repo.alerts_until(conn, GUESS_PREFIX)
            booked_no_show = sum(
                booking_repo.expired_by_service(conn, self.centre_id, day, day).values()
            )
            in_hand = {r.ticket_id: r.number for r in counters.values() if r.ticket_id}
            numbers = dashboard_repo.ticket_numbers(conn, list(in_hand)) if in_hand else {}
            crew = queue_estimates.staffing(conn, self.catalogue, self.centre_id)
            estimates = queue_estimates.for_newcomers(
                conn,
                self.catalogue,
                self.centre_id,
                now,
                sorted(centre.service_ids),
                crew=crew,
                groups=groups,
            )
        by_counter = {counter: numbers.get(tid) for tid, counter in in_hand.items()}
        counter_views = []
        for c in centre.counters:
            rec = counters.get(c.number)
            counter_views.append(
                CounterView(
                    c.number,
                    rec.state if rec else CounterState.CLOSED,
                    rec.operator if rec else None,
                    by_counter.get(c.number),
                    tuple(sorted(c.service_ids)),
                )
            )
        queues = self._queues(groups, estimates, counter_views, now)
        device_views = tuple(
            DeviceView(
                d.device_id,
                d.kind,
                d.version,
                d.last_seen,
                d.printer_state,
                d.paper,
                device_alerts(d, now)
                + (("code_guessing",) if guessing.get(d.device_id, now) > now else ()),
            )
            for d in devices
        )
        waiting = sum(g.waiting for g in groups)
        figures = replace(
            figures_of(stats, waiting=waiting, target_minutes=self.target),
            booked_no_show=booked_no_show,
        )
        return Dashboard(
            now,
            queues,
            tuple(counter_views),
            device_views,
            figures,
            self._alerts(queues, counter_views, device_views),
        )

    def _queues(
        self,
        groups: list[waiting_repo.WaitingGroup],
        estimates: dict[str, WaitEstimate],
        counters: list[CounterView],
        now: datetime,
    ) -> tuple[QueueView, ...]:
        centre = self.catalogue.centres[self.centre_id]
        out = []
        for sid in sorted(centre.service_ids):
            service = self.catalogue.services[sid]
            mine = [g for g in groups if g.service_id == sid]
            waiting = sum(g.waiting for g in mine)
            longest = longest_wait_minutes((g.oldest_issued_at for g in mine), now)
            open_n = sum(1 for c in counters if sid in c.services and c.state is CounterState.OPEN)
            out.append(
                QueueView(
                    sid,
                    service.name,
                    service.group,
                    waiting,
                    longest,
                    estimates[sid].minutes,
                    open_n,
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
