"""Choices of the web service: what became of a request, what happened to a client."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Outcome(models.TextChoices):
    """What the web service did with one request."""

    GRANTED = "granted", _("Dilayani")
    REFUSED = "refused", _("Ditolak")


class Endpoint(models.TextChoices):
    """The operations of the web service, as the exchange log names them."""

    TOKEN = "token", "POST /api/v1/token"
    ME = "me", "GET /api/v1/me"
    QUERY = "records.query", "POST /api/v1/records/query"
    PULL = "records.pull", "GET /api/v1/records"
    VERIFY = "records.verify", "POST /api/v1/records/verify"


class ClientEventKind(models.TextChoices):
    """A change in the life of an API client's credentials."""

    ISSUED = "issued", _("Diterbitkan")
    REVOKED = "revoked", _("Dicabut")


class VerifyResult(models.TextChoices):
    """The answer of verification per field: the values agree or not; the value itself is never returned."""

    PADAN = "padan", _("Padan")
    TIDAK_PADAN = "tidak_padan", _("Tidak padan")
    KOSONG = "kosong", _("Tidak ada data pembanding")
