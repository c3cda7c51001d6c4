"""Writes of SIASN credentials, and the client built from them (tokens shared through the credential row)."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils.translation import gettext as _

from agreements.models import Agreement
from exchange.partners import crypto, selectors
from exchange.partners.client import Endpoint, SiasnClient, Tokens, utc
from exchange.partners.limits import SharedLimiter
from exchange.partners.models import SiasnCredential
from portal.models import User

SECRETS = ("consumer_key", "consumer_secret", "sso_username", "sso_password", "sso_token")


def _clean_url(value: str, label: str) -> str:
    value = (value or "").strip().rstrip("/")
    try:
        URLValidator(schemes=["http", "https"])(value)
    except ValidationError:
        raise ValidationError({label: _("Alamat harus berupa URL http(s) yang sah.")}) from None
    return value


@transaction.atomic
def credential_save(
    *,
    agreement: Agreement,
    acting_user: User | None,
    gateway_url: str,
    sso_url: str,
    consumer_key: str = "",
    consumer_secret: str = "",
    sso_username: str = "",
    sso_password: str = "",
    sso_token: str = "",
    sso_token_expires_at: datetime | None = None,
    max_concurrency: int = 4,
    rate_per_second: float = 1.0,
    party=None,
    provider=None,
) -> SiasnCredential:
    """Keep the receiving party's SIASN access. A secret left empty keeps the one already stored.

    `acting_user=None` is a loader (the demo), which names the parties itself; otherwise the receiving
    party is the user's own and the provider the party that gives it data under the Lampiran.
    """
    if acting_user is not None:
        if not selectors.can_manage(acting_user, agreement):
            raise PermissionDenied(_("Anda tidak berhak mengelola kredensial SIASN perjanjian ini."))
        party = selectors.receiving_party(acting_user, agreement)
    if acting_user is not None or provider is None:
        provider = selectors.providing_party(agreement, party)
    if provider is None:
        raise ValidationError(_("Lampiran perjanjian belum memuat data yang diterima pihak ini."))
    errors: dict[str, str] = {}
    try:
        gateway_url = _clean_url(gateway_url, "gateway_url")
        sso_url = _clean_url(sso_url, "sso_url")
    except ValidationError as exc:
        errors.update({k: v[0] for k, v in exc.message_dict.items()})
    if not 1 <= int(max_concurrency) <= 64:
        errors["max_concurrency"] = _("Panggilan serentak harus antara 1 dan 64.")
    if not 0 <= float(rate_per_second) <= 1000:
        errors["rate_per_second"] = _("Laju harus antara 0 dan 1000 panggilan per detik.")
    credential = SiasnCredential.objects.select_for_update().filter(agreement=agreement, party=party).first()
    given = {
        "consumer_key": consumer_key,
        "consumer_secret": consumer_secret,
        "sso_username": sso_username,
        "sso_password": sso_password,
        "sso_token": sso_token,
    }
    given = {name: (value or "").strip() for name, value in given.items()}
    if credential is None:
        credential = SiasnCredential(agreement=agreement, party=party)
        for name in ("consumer_key", "consumer_secret"):
            if not given[name]:
                errors[name] = _("Wajib diisi.")
        if not given["sso_token"] and not (given["sso_username"] and given["sso_password"]):
            errors["sso_token"] = _("Isi token SSO, atau nama pengguna dan kata sandi operator.")
    if errors:
        raise ValidationError(errors)
    credential.provider = provider
    credential.gateway_url, credential.sso_url = gateway_url, sso_url
    credential.max_concurrency, credential.rate_per_second = int(max_concurrency), float(rate_per_second)
    credential.updated_by = acting_user
    for name, value in given.items():
        if value:
            setattr(credential, f"{name}_sealed", crypto.encrypt(value))
    if given["consumer_key"] or given["consumer_secret"]:
        credential.gateway_token_sealed, credential.gateway_token_expires_at = "", None
    if given["sso_token"]:
        credential.sso_token_expires_at = sso_token_expires_at
    elif given["sso_username"] or given["sso_password"]:
        credential.sso_token_sealed, credential.sso_token_expires_at = "", None
    credential.save()
    return credential


class CredentialTokens:
    """The token store of a client: the credential row, so every worker shares the tokens it holds."""

    def __init__(self, credential_id: int):
        self.credential_id = credential_id

    def load(self) -> Tokens:
        row = SiasnCredential.objects.filter(pk=self.credential_id).first()
        if row is None:
            return Tokens()
        return Tokens(
            gateway=row.gateway_token,
            gateway_expires=row.gateway_token_expires_at.timestamp() if row.gateway_token_expires_at else 0,
            sso=row.sso_token,
            sso_expires=row.sso_token_expires_at.timestamp() if row.sso_token_expires_at else 0,
        )

    def save_gateway(self, token: str, expires: float) -> None:
        SiasnCredential.objects.filter(pk=self.credential_id).update(
            gateway_token_sealed=crypto.encrypt(token), gateway_token_expires_at=utc(expires)
        )

    def save_sso(self, token: str, expires: float) -> None:
        SiasnCredential.objects.filter(pk=self.credential_id).update(
            sso_token_sealed=crypto.encrypt(token), sso_token_expires_at=utc(expires)
        )


def limiter_for(credential: SiasnCredential, *, timeout: float) -> SharedLimiter:
    return SharedLimiter(
        credential.limiter_name,
        concurrency=credential.max_concurrency,
        rate=credential.rate_per_second,
        lease=timeout + 5.0,  # a call never outlasts its timeout: a dead caller's slot frees soon after
    )


def client_for(credential: SiasnCredential, *, timeout: float = 10.0, retries: int = 4) -> SiasnClient:
    """A SIASN client on this credential, its calls paced by the limiter every worker shares."""
    endpoint = Endpoint(
        gateway_url=credential.gateway_url,
        sso_url=credential.sso_url,
        consumer_key=credential.consumer_key,
        consumer_secret=credential.consumer_secret,
        sso_username=credential.sso_username,
        sso_password=credential.sso_password,
        sso_client_id=credential.sso_client_id,
    )
    return SiasnClient(
        endpoint,
        store=CredentialTokens(credential.pk),
        limiter=limiter_for(credential, timeout=timeout),
        timeout=timeout,
        retries=retries,
    )
