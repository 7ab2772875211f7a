"""The reverse-proxy and PgBouncer samples in assets/deploy/ are real configurations:
Caddy validates its file, nginx tests its site inside an http block, and bookings go
through PgBouncer in transaction mode (with `prepare_threshold=none`) to PostgreSQL.
Outside CI a missing program skips loudly; in CI these tests must run."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from importlib import resources
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import make_url

from server_sync.app import build_services
from server_sync.config import ServerSettings
from server_sync.domain.booking_form import BookingForm
from server_sync.kernel.clock import BAKU, SystemClock
from server_sync.settings import CentralSettings
from server_sync.store.db import create_store_engine
from server_sync.store.migrate import upgrade
from tests.integration.install.cage import NOBODY, shared_folder
from tests.integration.install.conftest import require

DEPLOY = resources.files("assets") / "deploy"


def sample(name: str) -> str:
    return (DEPLOY / name).read_text(encoding="utf-8")


def test_caddyfile_validates(tmp_path: Path) -> None:
    caddy = require("caddy", "caddy")
    done = subprocess.run(
        [caddy, "validate", "--adapter", "caddyfile", "--config", str(DEPLOY / "proxy/Caddyfile")],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={**os.environ, "HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path)},
    )
    assert done.returncode == 0, done.stderr
    assert "Valid configuration" in done.stdout + done.stderr


def test_nginx_site_passes_nginx_t(tmp_path: Path) -> None:
    nginx = require("nginx", "nginx-light")
    openssl = require("openssl", "openssl")
    cert, key = tmp_path / "fullchain.pem", tmp_path / "privkey.pem"
    self_signed = ["-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=x"]
    subprocess.run(
        [openssl, "req", *self_signed, "-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
        timeout=60,
    )
    site = sample("proxy/nginx-asan-queue.conf")
    site = site.replace("/etc/ssl/asan-queue/fullchain.pem", str(cert))
    site = site.replace("/etc/ssl/asan-queue/privkey.pem", str(key))
    (tmp_path / "site.conf").write_text(site, encoding="utf-8")
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{\n    access_log off;\n    include {tmp_path}/site.conf;\n}}\n",
        encoding="utf-8",
    )
    done = subprocess.run(
        [nginx, "-t", "-q", "-e", str(tmp_path / "error.log"), "-c", str(tmp_path / "nginx.conf")],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr


HOURS = {d: [["08:00", "20:00"]] for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}
CATALOGUE = {
    "agencies": [{"id": "dmx", "name": {"az": "Dövlət Miqrasiya Xidməti"}}],
    "services": [
        {"id": "passport", "agency": "dmx", "name": {"az": "Pasport"}, "group": "A"}
        | {"average_minutes": 1}
    ],
    "centres": [
        {
            "id": "baku-1",
            "name": {"az": "Bakı 1"},
            "address": {"az": "Bakı"},
            "hours": HOURS,
            "services": ["passport"],
            "counters": [{"number": n, "services": ["passport"]} for n in range(1, 11)],
        }
    ],
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def bouncer_config(folder: Path, database: str, port: int) -> str:
    """The sample with this test's database, port, folders and (trust) sign-in."""
    values = {
        "listen_port": str(port),
        "unix_socket_dir": str(folder),
        "auth_type": "trust",
        "auth_file": str(folder / "userlist.txt"),
        "logfile": str(folder / "pgbouncer.log"),
        "pidfile": str(folder / "pgbouncer.pid"),
        "default_pool_size": "2",
        "min_pool_size": "0",
        "reserve_pool_size": "0",
    }
    text = sample("pgbouncer/pgbouncer.ini")
    text = re.sub(
        r"^asanq = .*$",
        f"asanq = host=127.0.0.1 port=5432 dbname={database} user=postgres",
        text,
        flags=re.M,
    )
    for key, value in values.items():
        text, count = re.subn(rf"^{key} = .*$", f"{key} = {value}", text, flags=re.M)
        assert count == 1, key
    assert "pool_mode = transaction" in text
    return text


def test_bookings_go_through_pgbouncer_in_transaction_mode(pg_database: str) -> None:
    pgbouncer = require("pgbouncer", "pgbouncer")
    direct = create_store_engine(pg_database, 2)
    upgrade(direct)  # migrations go straight to PostgreSQL
    database = make_url(pg_database).database
    assert database is not None
    with shared_folder() as folder:
        (folder / "pgbouncer.ini").write_text(
            bouncer_config(folder, database, port := free_port()), encoding="utf-8"
        )
        (folder / "userlist.txt").write_text('"postgres" ""\n', encoding="utf-8")
        as_user = ["-u", "nobody"] if os.geteuid() == 0 else []
        if os.geteuid() == 0:
            for path in folder.iterdir():
                os.chown(path, NOBODY, NOBODY)
        proc = subprocess.Popen(
            [pgbouncer, *as_user, str(folder / "pgbouncer.ini")],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            _wait_port(port)
            url = f"postgresql+psycopg://postgres@127.0.0.1:{port}/asanq?prepare_threshold=none"
            _book_through(url, bookings=60)
            with direct.connect() as conn:
                servers = conn.execute(
                    sa.text("SELECT count(*) FROM pg_stat_activity WHERE datname = :d"),
                    {"d": database},
                ).scalar_one()
                booked = conn.execute(sa.text("SELECT count(*) FROM bookings")).scalar_one()
        finally:
            proc.terminate()
            proc.wait(10)
    direct.dispose()
    assert booked == 60
    assert servers <= 3  # PgBouncer's two server connections (and ours)


def _book_through(url: str, bookings: int) -> None:
    engine = create_store_engine(url, 4)
    settings = CentralSettings(server=ServerSettings(db_url=url, secret_key="x", jobs=False))
    services = build_services(settings, engine=engine)
    services.catalogue.publish(CATALOGUE, SystemClock().now())
    emails = [f"p{i}@bouncer.az" for i in range(bookings)]
    codes = services.codes.issue_many(emails)
    tomorrow = SystemClock().now().astimezone(BAKU).date() + timedelta(days=1)

    def book(i: int) -> None:
        form = BookingForm(
            first_name="Aysel",
            last_name="Məmmədova",
            father_name="Rauf",
            id_document=f"AZE{i:08d}",
            phone="+994501234567",
            email=emails[i],
            centre="baku-1",
            service="passport",
            date=(tomorrow + timedelta(days=i % 5)).isoformat(),
            time=f"{9 + (i // 5) % 10:02d}:00",
            confirmation_code=codes[i],
        )
        services.bookings.book(form, "az")

    with ThreadPoolExecutor(8) as pool:  # more client connections than server ones
        list(pool.map(book, range(bookings)))
    engine.dispose()


def _wait_port(port: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise AssertionError(f"pgbouncer did not listen on {port}")
