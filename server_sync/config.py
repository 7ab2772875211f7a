"""Settings sections owned by the central service and the sync agent (how a key
is declared and checked: `server_sync.kernel.settings_model`)."""

from __future__ import annotations

from typing import Literal

from server_sync.kernel.settings_model import Section, setting


class SmtpSettings(Section):
    host: str = "127.0.0.1"
    port: int = setting(default=25, ge=1, le=65535)
    starttls: bool = False
    ssl: bool = False
    username: str | None = None
    password: str | None = setting(default=None, secret=True)
    sender: str = "ASAN növbə <noreply@asan.example>"
    outbox_dir: str | None = None
    timeout_s: float = setting(default=10.0, gt=0, le=300)


class ServerSettings(Section):
    db_url: str = "sqlite:///var/central.db"
    host: str = "127.0.0.1"
    port: int = setting(default=8080, ge=1, le=65535)
    public_url: str = "http://127.0.0.1:8080"
    secret_key: str | None = setting(default=None, secret=True)
    workers: int = setting(default=1, ge=1, le=64)
    db_pool_size: int = setting(default=4, ge=1, le=200)
    trusted_proxies: list[str] = setting(default_factory=list)
    jobs: bool = True
    job_interval_s: float = setting(default=30.0, gt=0, le=3600)
    max_body_bytes: int = setting(
        default=64 * 1024,
        ge=1024,
        le=1024**3,
        doc="largest request body accepted; a larger one is answered 413 unread",
    )
    max_body_overrides: dict[str, int] = setting(
        default_factory=lambda: {"/api/v1/sync/": 8 * 1024 * 1024},
        doc="path prefix → body cap in bytes, for endpoints that take more (sync pushes)",
    )


class BookingSettings(Section):
    horizon_days: int = setting(default=14, ge=1, le=365)
    min_days_ahead: int = setting(default=1, ge=0, le=30)
    one_per_document_per_service_per_day: bool = True
    bookings_per_document_per_day: int = setting(
        default=3, ge=1, le=100, doc="bookings one ID document may hold on one day"
    )
    lookup_guesses_per_client: int = setting(
        default=10, ge=1, le=100000, doc="unknown order codes one client address may look up"
    )
    lookup_guess_minutes: int = setting(
        default=10, ge=1, le=1440, doc="...in this many minutes (then 429 until they pass)"
    )
    refuse_overlapping_bookings: bool = setting(
        default=True, doc="one ID document cannot book two services at the same time"
    )
    code_ttl_minutes: int = setting(default=10, ge=1, le=120)
    code_max_tries: int = setting(default=5, ge=1, le=20)
    personal_data_retention_days: int = setting(default=30, ge=1, le=3650)
    slot_minutes: int = setting(default=30, ge=5, le=240)
    code_resend_seconds: int = setting(default=60, ge=0, le=3600)
    codes_per_email_per_hour: int = setting(default=5, ge=1, le=1000)
    codes_per_client_per_hour: int = setting(default=20, ge=1, le=100000)
    antibot: bool = False
    antibot_difficulty_bits: int = setting(default=16, ge=1, le=28)
    reminders: bool = True
    reminder_hour: int = setting(default=10, ge=0, le=23)
    # No reminder for a booking made less than this many hours before its reminder
    # would go out: its confirmation mail has only just arrived.
    reminder_min_hours_after_booking: int = setting(default=12, ge=0, le=72)
    checkin_before_minutes: int = setting(default=30, ge=0, le=24 * 60)
    checkin_grace_minutes: int = setting(default=0, ge=0, le=24 * 60)
    mail_retry_seconds: int = setting(default=60, ge=1, le=86400)
    mail_max_attempts: int = setting(default=20, ge=1, le=1000)


class SyncSettings(Section):
    """The centre's sync agent (`asan-queue sync`) and the central sync endpoints."""

    central_url: str = "http://127.0.0.1:8080"
    token: str | None = setting(default=None, secret=True)
    interval_s: float = setting(default=5.0, gt=0, le=3600)
    lookup_timeout_s: float = setting(default=1.5, gt=0, le=30)
    request_timeout_s: float = setting(default=10.0, gt=0, le=300)
    heartbeat_s: float = setting(default=15.0, gt=0, le=3600)
    push_batch: int = setting(default=1000, ge=1, le=1000)
    pull_page: int = setting(default=5000, ge=1, le=20000)
    backoff_base_s: float = setting(default=1.0, gt=0, le=600)
    backoff_max_s: float = setting(default=60.0, gt=0, le=3600)


class ITSettings(Section):
    """The IT remote view of the central service (web page and `asan-queue it`)."""

    stale_after_s: int = setting(default=120, ge=10, le=86400)
    session_hours: int = setting(default=8, ge=1, le=168)
    max_failed_sign_ins: int = setting(default=5, ge=1, le=100, doc="failures before a lock")
    lockout_minutes: int = setting(
        default=15, ge=1, le=1440, doc="first lock; doubles with each further failure"
    )
    lockout_max_minutes: int = setting(default=1440, ge=1, le=43200)


class SmsSettings(Section):
    """Where SMS go, as one URL: `smpp://system_id:password@host:2775` (an SMS centre;
    delivery receipts on a second bind, or `?receipts=transceiver`, or `?receipts=off`),
    `https://…` (an HTTP gateway shaped by the `http_*` keys), `file://var/sms` (one
    `.txt` a message, for the demo), or empty for no SMS."""

    url: str = ""
    sender: str = setting(default="ASAN", doc="sender id: 1-11 letters and digits, or a number")
    timeout_s: float = setting(
        default=5.0, gt=0, le=60, doc="each wait for the SMS centre or gateway to answer"
    )
    enquire_link_s: float = setting(
        default=30.0, gt=0, le=3600, doc="SMPP keep-alive (enquire_link) after this idle time"
    )
    http_method: Literal["POST", "GET", "PUT"] = "POST"
    http_format: Literal["form", "json", "query"] = setting(
        default="form", doc="how the fields go: form body, JSON body or URL query"
    )
    http_body: str = setting(
        default="",
        doc="the fields, with {to} {text} {sender} {reference} {secret}: "
        "`a={to}&b={text}` (form, query) or a JSON document; empty: to, from, text, ref",
    )
    http_headers: list[str] = setting(
        default_factory=list, doc='extra headers, e.g. ["Accept: application/json"]'
    )
    http_auth_header: str = setting(
        default="Authorization", doc="header that carries `http_secret` (empty: none)"
    )
    http_secret: str | None = setting(
        default=None,
        doc="the gateway's key or token (e.g. `Bearer …`); also `{secret}`",
        secret=True,
    )
    http_success_field: str = setting(
        default="", doc="dotted JSON field that must be present (and match the regex)"
    )
    http_success_regex: str = setting(
        default="", doc="regex the success field (or else the body) must match"
    )
    http_message_id_field: str = setting(default="", doc="dotted JSON field with the message id")
    # -- the durable SMS outbox (server_sync.services.sms_outbox) --
    per_phone_per_hour: int = setting(
        default=10, ge=1, le=1000, doc="at most this many SMS to one phone in any hour"
    )
    retry_seconds: float = setting(
        default=30.0, gt=0, le=3600, doc="first wait after a failed try; doubled each try"
    )
    max_attempts: int = setting(default=8, ge=1, le=100, doc="tries before an SMS is given up")
    lease_s: float = setting(
        default=60.0,
        ge=1,
        le=3600,
        doc="a sender holds a claimed SMS this long; after a crash another takes it",
    )
    resend_in_doubt: bool = setting(
        default=True,
        doc="an SMS whose sender died (or lost the answer) mid-submit is sent again "
        "with the same reference (the SMSC may drop the copy); false: given up instead",
    )


class BackupSettings(Section):
    """Store backups (`asan-queue db backup --to-dir`, the nightly timer): where they
    go and how long they are kept."""

    dir: str = setting(default="var/backups", doc="folder of the nightly and pre-upgrade backups")
    keep_days: int = setting(default=14, ge=1, le=3650, doc="delete backups older than this")
    keep_at_least: int = setting(
        default=3, ge=1, le=1000, doc="but always keep this many of the newest"
    )


_CHANNELS: tuple[Literal["email", "sms"], ...] = ("email", "sms")


class AccountSettings(Section):
    """Citizen accounts (seed 004): activation, sign-in lock-out, sessions, captcha,
    how long an unused account is kept."""

    activation_email_domains: list[str] = setting(
        default_factory=list,
        doc="e-mail activation only for these domains and their subdomains, e.g. "
        '["gov.az"] as on the e-gov portal (empty: any)',
    )
    activation_channels: list[Literal["email", "sms"]] = setting(
        default_factory=lambda: list(_CHANNELS), doc="how an account may be activated"
    )
    code_ttl_minutes: int = setting(default=15, ge=1, le=240, doc="activation and reset codes")
    code_max_tries: int = setting(default=5, ge=1, le=20)
    code_resend_seconds: int = setting(default=60, ge=0, le=3600)
    codes_per_account_per_hour: int = setting(default=5, ge=1, le=1000)
    max_failed_sign_ins: int = setting(default=5, ge=1, le=100, doc="failures before a lock")
    lockout_minutes: int = setting(
        default=15, ge=1, le=1440, doc="first lock; doubles with each further failure"
    )
    lockout_max_minutes: int = setting(default=1440, ge=1, le=43200)
    captcha_after_failures: int = setting(
        default=2, ge=0, le=100, doc="sign-in asks for the captcha after this many failures"
    )
    session_idle_minutes: int = setting(default=30, ge=1, le=1440)
    session_hours: int = setting(default=12, ge=1, le=720, doc="absolute session lifetime")
    retention_days: int = setting(
        default=365, ge=1, le=3650, doc="accounts unused this long are deleted unless kept"
    )
    unactivated_hours: int = setting(default=48, ge=1, le=720, doc="unfinished registrations")
    captcha_ttl_minutes: int = setting(default=10, ge=1, le=120)
    captchas_per_client_per_hour: int = setting(default=120, ge=1, le=100000)
    ticket_minutes: int = setting(
        default=60, ge=5, le=1440, doc="how long a registration step's ticket is valid"
    )


class RetentionSettings(Section):
    """How long the rows that only grow are kept, then pruned in small batches (each
    its own short transaction, with a pause between, so kiosks and the booking API
    never wait long). Personal data keeps `booking.personal_data_retention_days`
    (sent mail); the rest is counted in days here."""

    sync_events_days: int = setting(
        default=90, ge=1, le=3650, doc="central: events the centres pushed"
    )
    sync_conflicts_days: int = setting(default=180, ge=1, le=3650, doc="central: IT's conflicts")
    outbox_sent_days: int = setting(
        default=30, ge=1, le=3650, doc="centre: sent outbox events and dropped parked ones"
    )
    audit_days: int = setting(default=365, ge=1, le=3650, doc="centre: the staff audit trail")
    batch_rows: int = setting(default=500, ge=10, le=100000, doc="rows deleted per transaction")
    pause_ms: int = setting(default=20, ge=0, le=10000, doc="pause between two batches")


class IdentitySettings(Section):
    """The state identity registry that checks ID card, FIN and the proof numbers:
    an HTTP service (`docs/identity-registry.md`), or empty for the seeded demo table."""

    url: str = setting(
        default="", doc="https://… of the registry; empty: the demo table (demo only)"
    )
    token: str | None = setting(default=None, doc="sent as `Authorization: Bearer …`", secret=True)
    timeout_s: float = setting(default=5.0, gt=0, le=60, doc="each call's connect + read timeout")


class ApplicationSettings(Section):
    """Agency applications (seeds 000, 001): attached files, the SMS proof of a mobile."""

    files_dir: str = setting(
        default="var/attachments", doc="attached files, by content hash; outside the web root"
    )
    max_file_kb: int = setting(default=5120, ge=1, le=512000, doc="largest attached file")
    max_total_kb: int = setting(default=15360, ge=1, le=2048000, doc="all files of one application")
    max_files: int = setting(
        default=5, ge=1, le=20, doc="files per application (forms may ask fewer)"
    )
    sms_code_ttl_minutes: int = setting(default=10, ge=1, le=120, doc="the mobile number's code")
    sms_code_max_tries: int = setting(default=5, ge=1, le=20)
    retention_days: int = setting(
        default=365, ge=1, le=3650, doc="a decided application and its files are purged after"
    )


class WaterDebtSettings(Section):
    """The water agency's subscriber API (seed 000, water-debt lookup): an HTTP service
    (`docs/agency-adapter.md`), or empty for the seeded demo subscribers."""

    url: str = setting(default="", doc="https://… of the agency; empty: the demo subscribers")
    token: str | None = setting(default=None, doc="sent as `Authorization: Bearer …`", secret=True)
    timeout_s: float = setting(default=3.0, gt=0, le=30, doc="each call's connect + read timeout")
