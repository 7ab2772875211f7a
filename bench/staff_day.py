"""A busy, realistic day at Baku centre No. 1 for screenshots and benchmarks.

Simulates minute by minute from 09:00: walk-ins arrive (more around 10–12 and
14–16), booked visitors check in before their slot, operators issue a few
priority tickets; 28 counters call, serve (times around each service's
average), mark no-shows and transfer now and then — all through the real
services, so every row is what the product itself would have written.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from sqlalchemy import Engine, insert, select

from kiosk_app.domain.staff import Role
from kiosk_app.services.demo_data import seed_demo
from kiosk_app.services.kiosk.ticket_desk import TicketDesk
from kiosk_app.services.staff.counter_desk import CounterDesk
from kiosk_app.services.staff.types import StaffSession
from kiosk_app.staff_config import DEFAULT_PRIORITY_CATEGORIES
from kiosk_app.store import make_engine, read_tx, tables, upgrade, write_tx
from server_sync.catalogue_data import load_demo_catalogue
from server_sync.kernel.catalogue import Catalogue
from server_sync.kernel.clock import BAKU, FixedClock

DAY = date(2026, 11, 23)
NAMES = [
    "Aysel",
    "Murad",
    "Nigar",
    "Rauf",
    "Günel",
    "Elvin",
    "Səbinə",
    "Tural",
    "Ləman",
    "Orxan",
    "Könül",
    "Fərid",
    "Nərmin",
    "Şahin",
]


class Quiet:
    def published(self) -> None:
        return None


@dataclass
class Desk:
    desk: CounterDesk
    phase: str = "free"  # free, called, serving
    until: datetime | None = None
    service_minutes: float = 0.0


@dataclass
class Day:
    engine: Engine
    clock: FixedClock
    catalogue: Catalogue
    desks: dict[int, Desk] = field(default_factory=dict)
    kiosk: TicketDesk | None = None


def _rate(minute_of_day: int) -> float:
    """Walk-ins per minute at this time of day (two peaks)."""
    h = minute_of_day / 60
    base = 0.9
    if 10 <= h < 12.5:
        base = 1.5
    elif 14 <= h < 16:
        base = 1.35
    elif 13 <= h < 14:
        base = 1.1
    return base


def prepare(url: str) -> Day:
    upgrade(url)
    engine = make_engine(url)
    catalogue = load_demo_catalogue()
    clock = FixedClock(datetime.combine(DAY, time(8, 40), tzinfo=BAKU))
    seed_demo(engine, catalogue, "baku-1", clock.now(), per_day=60)
    return Day(engine, clock, catalogue)


def simulate(day: Day, until: time = time(15, 30), seed: int = 7) -> Day:
    rng = random.Random(seed)
    cat, clock, engine = day.catalogue, day.clock, day.engine
    centre = cat.centres["baku-1"]
    kiosk = TicketDesk(engine, clock, cat, "baku-1", device_id="kiosk-1")
    day.kiosk = kiosk
    clock.set(datetime.combine(DAY, time(9, 0), tzinfo=BAKU))
    for c in centre.counters:
        name = NAMES[c.number % len(NAMES)]
        session = StaffSession(f"op{c.number:02d}", f"{name} ({c.number})", Role.OPERATOR)
        desk = CounterDesk(
            engine,
            clock,
            cat,
            "baku-1",
            c.number,
            session,
            Quiet(),
            kiosk,
            list(DEFAULT_PRIORITY_CATEGORIES),
        )
        desk.open()
        day.desks[c.number] = Desk(desk)
    walk_ins = sorted(s for s in centre.service_ids if cat.services[s].walk_in)

    from kiosk_app.store.booking_repo import get_booking  # noqa: F401

    with read_tx(engine) as conn:
        booked = conn.execute(
            select(tables.bookings.c.order_code, tables.bookings.c.slot_time).where(
                tables.bookings.c.slot_day == DAY
            )
        ).all()
    checkins = {
        code: datetime.combine(DAY, t, tzinfo=BAKU) - timedelta(minutes=rng.randint(5, 25))
        for code, t in booked
    }
    end = datetime.combine(DAY, until, tzinfo=BAKU)
    while clock.now() < end:
        now = clock.now()
        minute = now.hour * 60 + now.minute
        arrivals = sum(1 for _ in range(6) if rng.random() < _rate(minute) / 6)
        for _ in range(arrivals):
            counter = rng.choice(centre.counters)
            offered = sorted(s for s in counter.service_ids if s in walk_ins) or walk_ins
            sid = rng.choice(offered)
            kiosk.issue_walk_in(sid)
        for code, at in list(checkins.items()):
            if at <= now:
                kiosk.check_in(code)
                del checkins[code]
        if rng.random() < 0.04:
            d = day.desks[rng.choice(list(day.desks))].desk
            d.issue_priority(rng.choice(walk_ins), rng.choice(DEFAULT_PRIORITY_CATEGORIES[:3]))
        for number, st in day.desks.items():
            _step(st, number, now, rng, cat)
        clock.advance(minutes=1)
    _devices(engine, clock.now())
    return day


def _step(st: Desk, number: int, now: datetime, rng: random.Random, cat: Catalogue) -> None:
    d = st.desk
    if st.phase == "free":
        if number in (7, 19) and time(13, 0) <= now.time() < time(13, 45):
            return  # lunch: these two counters pause
        r = d.call_next()
        if r.ok and r.ticket is not None:
            st.phase, st.until = "called", now + timedelta(minutes=rng.choice([1, 1, 2]))
            avg = cat.services[r.ticket.service_id].average_minutes
            st.service_minutes = max(2.0, rng.lognormvariate(0, 0.35) * avg)
    elif st.phase == "called" and st.until is not None and now >= st.until:
        if rng.random() < 0.06:
            d.no_show()
            st.phase = "free"
        else:
            d.start()
            st.phase = "serving"
            st.until = now + timedelta(minutes=st.service_minutes)
    elif st.phase == "serving" and st.until is not None and now >= st.until:
        if rng.random() < 0.02:
            others = sorted(d.catalogue.centres["baku-1"].service_ids - d.services)
            if others:
                d.transfer(to_service=rng.choice(others))
                st.phase = "free"
                return
        d.finish()
        st.phase = "free"


def _devices(engine: Engine, now: datetime) -> None:
    rows = [
        ("kiosk-1", "kiosk", "online", "ok", False, None),
        ("kiosk-2", "kiosk", "online", "near_end", False, "Kağız azalıb"),
        ("kiosk-3", "kiosk", "offline", "out", True, "Kağız bitib"),
        ("display-1", "display", None, None, None, None),
    ]
    with write_tx(engine) as conn:
        for dev, kind, state, paper, cover, alert in rows:
            conn.execute(
                insert(tables.devices).values(
                    device_id=dev,
                    kind=kind,
                    version="0.1.0",
                    last_seen=now - timedelta(seconds=20),
                    printer_state=state,
                    paper=paper,
                    cover_open=cover,
                    alert=alert,
                    details={},
                )
            )


def busy_day(url: str, until: time = time(15, 30)) -> Day:
    return simulate(prepare(url), until)


if __name__ == "__main__":  # pragma: no cover
    import sys
    import tempfile
    import time as _t

    folder = tempfile.mkdtemp()
    t0 = _t.perf_counter()
    d = busy_day(f"sqlite:///{folder}/busy.db")
    print(f"simulated in {_t.perf_counter() - t0:.1f} s: {folder}/busy.db", file=sys.stderr)
