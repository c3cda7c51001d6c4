"""Partner systems: the receiving party's SIASN credentials per agreement, and the shared call limiter.

Secrets are kept encrypted (crypto.py); the model only ever hands them out decrypted through properties,
never in `__str__` or a form's initial data. Tokens the client obtains are stored here too, so every worker
reuses the same gateway token instead of asking for its own.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from exchange.partners import crypto
from exchange.partners.choices import TokenState

SSO_WARNING = timedelta(hours=2)


def token_state(expires_at: datetime | None, has_token: bool, *, now: datetime) -> TokenState:
    if not has_token:
        return TokenState.MISSING
    if expires_at is None:
        return TokenState.VALID
    if expires_at <= now:
        return TokenState.EXPIRED
    if expires_at - now <= SSO_WARNING:
        return TokenState.EXPIRING
    return TokenState.VALID


class SiasnCredential(models.Model):
    """The SIASN access of the receiving party of one agreement: gateway consumer key and secret, the
    operator's SSO token (pasted) or login (password grant), and the tokens obtained with them."""

    agreement = models.ForeignKey(
        "agreements.Agreement", on_delete=models.CASCADE, related_name="siasn_credentials"
    )
    party = models.ForeignKey(
        "agreements.AgreementParty",
        verbose_name=_("pihak penerima data"),
        on_delete=models.CASCADE,
        related_name="siasn_credentials",
    )
    provider = models.ForeignKey(
        "agreements.AgreementParty",
        verbose_name=_("pihak pemberi data (pemilik SIASN)"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    gateway_url = models.URLField(_("alamat gateway API"), max_length=300)
    sso_url = models.URLField(_("alamat SSO"), max_length=300)
    consumer_key_sealed = models.TextField(blank=True)
    consumer_secret_sealed = models.TextField(blank=True)
    sso_username_sealed = models.TextField(blank=True)
    sso_password_sealed = models.TextField(blank=True)
    sso_client_id = models.CharField(_("client id SSO"), max_length=120, default="siasn-ws")
    sso_token_sealed = models.TextField(blank=True)
    sso_token_expires_at = models.DateTimeField(_("token SSO berlaku hingga"), null=True, blank=True)
    gateway_token_sealed = models.TextField(blank=True)
    gateway_token_expires_at = models.DateTimeField(_("token gateway berlaku hingga"), null=True, blank=True)
    max_concurrency = models.PositiveSmallIntegerField(
        _("panggilan serentak maksimum"), default=4, validators=[MinValueValidator(1), MaxValueValidator(64)]
    )
    rate_per_second = models.FloatField(
        _("panggilan per detik maksimum"),
        default=1.0,
        help_text=_("0 berarti tanpa batas laju (hanya batas panggilan serentak)."),
        validators=[MinValueValidator(0), MaxValueValidator(1000)],
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("kredensial SIASN")
        verbose_name_plural = _("kredensial SIASN")
        constraints = [
            models.UniqueConstraint(fields=["agreement", "party"], name="siasn_credential_once_per_party")
        ]

    def __str__(self) -> str:
        return f"SIASN: {self.party}"

    @property
    def consumer_key(self) -> str:
        return crypto.decrypt(self.consumer_key_sealed)

    @property
    def consumer_secret(self) -> str:
        return crypto.decrypt(self.consumer_secret_sealed)

    @property
    def sso_username(self) -> str:
        return crypto.decrypt(self.sso_username_sealed)

    @property
    def sso_password(self) -> str:
        return crypto.decrypt(self.sso_password_sealed)

    @property
    def sso_token(self) -> str:
        return crypto.decrypt(self.sso_token_sealed)

    @property
    def gateway_token(self) -> str:
        return crypto.decrypt(self.gateway_token_sealed)

    @property
    def has_sso_login(self) -> bool:
        return bool(self.sso_username_sealed and self.sso_password_sealed)

    @property
    def limiter_name(self) -> str:
        """Calls made with one consumer key share one quota, whichever agreement makes them."""
        return f"siasn-{self.pk}"

    def sso_state(self, *, now: datetime) -> TokenState:
        return token_state(self.sso_token_expires_at, bool(self.sso_token_sealed), now=now)

    def gateway_state(self, *, now: datetime) -> TokenState:
        return token_state(self.gateway_token_expires_at, bool(self.gateway_token_sealed), now=now)

    def token_status(self, *, now: datetime) -> list[dict]:
        """Both tokens as pages show them: what, state, until when, and how it is renewed."""
        gateway, sso = self.gateway_state(now=now), self.sso_state(now=now)
        renew = (
            _("diperbarui otomatis dengan login operator")
            if self.has_sso_login
            else _("ditempel; tempel token baru sebelum kedaluwarsa")
        )
        return [
            {
                "label": _("Token gateway"),
                "state": gateway.value,
                "state_label": gateway.label,
                "expires_at": self.gateway_token_expires_at,
                "note": _("diminta otomatis dengan consumer key dan secret"),
            },
            {
                "label": _("Token SSO operator"),
                "state": sso.value,
                "state_label": sso.label,
                "expires_at": self.sso_token_expires_at,
                "note": renew,
            },
        ]


class LimiterState(models.Model):
    """The pace of one shared limiter where there is no Redis: the next free call slot in time and a pause
    the partner asked for (429 nextAccessTime), both as Unix seconds."""

    name = models.CharField(max_length=80, primary_key=True)
    next_at = models.FloatField(default=0)
    paused_until = models.FloatField(default=0)

    def __str__(self) -> str:
        return self.name


class LimiterSlot(models.Model):
    """One of a shared limiter's concurrency slots where there is no Redis: held by `holder` until
    `expires_at` (Unix seconds), so a killed process's slot frees itself."""

    name = models.CharField(max_length=80)
    number = models.PositiveSmallIntegerField()
    holder = models.CharField(max_length=40, blank=True)
    expires_at = models.FloatField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["name", "number"], name="limiter_slot_unique")]

    def __str__(self) -> str:
        return f"{self.name}#{self.number}"
