"""Citizen accounts (seed 004): registration, activation, sign-in, sessions, the
account's own pages, "Mənim müraciətlərim", and the purge of unused accounts."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.engine import Engine

from server_sync.config import AccountSettings
from server_sync.kernel.clock import Clock
from server_sync.services.accounts.codes import AccountCodes
from server_sync.services.accounts.hashing import Argon2Hasher, SecretHasher
from server_sync.services.accounts.items import BookingItems, CitizenItems
from server_sync.services.accounts.notifications import Notifications
from server_sync.services.accounts.profile import AccountService, CitizenProfile
from server_sync.services.accounts.purge import AccountPurge
from server_sync.services.accounts.registration import Registration, RegistrationForm
from server_sync.services.accounts.sessions import SessionInfo, Sessions
from server_sync.services.accounts.signin import SignIn
from server_sync.services.captcha import CaptchaService
from server_sync.services.catalogue_service import CatalogueService
from server_sync.services.identity.port import IdentityRegistry


@dataclass
class AccountServices:
    settings: AccountSettings
    captcha: CaptchaService
    sessions: Sessions
    sign_in: SignIn
    registration: Registration
    account: AccountService
    items: CitizenItems
    purge: AccountPurge


def build_accounts(
    engine: Engine,
    settings: AccountSettings,
    secret: str,
    clock: Clock,
    registry: IdentityRegistry,
    catalogue: CatalogueService,
    notifications: Notifications,
    hasher: SecretHasher | None = None,
) -> AccountServices:
    hasher = hasher or Argon2Hasher()
    captcha = CaptchaService(engine, settings, secret, clock)
    sessions = Sessions(engine, settings, secret, clock)
    codes = AccountCodes(engine, settings, secret, clock, notifications)
    sign_in = SignIn(engine, hasher, sessions, captcha, settings, secret, clock)
    registration = Registration(engine, registry, captcha, hasher, codes, settings, secret, clock)
    account = AccountService(engine, sign_in, sessions, codes, captcha, hasher, clock)
    items = CitizenItems([BookingItems(engine, catalogue)])
    return AccountServices(
        settings,
        captcha,
        sessions,
        sign_in,
        registration,
        account,
        items,
        AccountPurge(engine, settings, clock),
    )


__all__ = [
    "AccountServices",
    "CitizenProfile",
    "Notifications",
    "RegistrationForm",
    "SessionInfo",
    "build_accounts",
]
