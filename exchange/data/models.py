"""The data half's base: the catalogue of data fields (elemen data) and an agreement's Lampiran per direction.

The tables keep the names they had when these models lived with the correction proposals (`exchange_*`), so
moving them lost no row.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from exchange.data import nip
from exchange.data.choices import DataType, Sensitivity


class DataField(models.Model):
    """A field of civil-servant data as SIASN names it (elemen data), as annexes and proposals use it."""

    code = models.CharField(_("kode (SIASN)"), max_length=60, unique=True)
    label = models.CharField(_("nama elemen data"), max_length=200)
    data_type = models.CharField(_("tipe"), max_length=12, choices=DataType.choices, default=DataType.TEXT)
    sensitivity = models.CharField(
        _("sifat"), max_length=10, choices=Sensitivity.choices, default=Sensitivity.LIMITED
    )
    description = models.TextField(_("keterangan"), blank=True)
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        db_table = "exchange_datafield"
        ordering = ["order", "code"]
        verbose_name = _("elemen data")
        verbose_name_plural = _("katalog elemen data")

    def __str__(self) -> str:
        return f"{self.label} ({self.code})"

    @property
    def is_personal(self) -> bool:
        return self.sensitivity == Sensitivity.PERSONAL

    def check_value(self, value: str) -> str:
        """The value as it should be stored, or ValidationError saying why it does not fit the type."""
        value = (value or "").strip()
        if not value:
            return value
        if self.data_type == DataType.DATE:
            try:
                return date.fromisoformat(value).isoformat()
            except ValueError:
                raise ValidationError(
                    _("%(field)s harus berupa tanggal TTTT-BB-HH.") % {"field": self.label}
                ) from None
        if self.data_type == DataType.INTEGER and not value.lstrip("-").isdigit():
            raise ValidationError(_("%(field)s harus berupa bilangan bulat.") % {"field": self.label})
        if self.data_type == DataType.NIP:
            try:
                return nip.parse(value).value
            except nip.NipError as exc:
                raise ValidationError(str(exc)) from None
        return value


class AnnexField(models.Model):
    """One line of an agreement's annex (Lampiran): a field the providing party gives the receiving party."""

    agreement = models.ForeignKey(
        "agreements.Agreement", on_delete=models.CASCADE, related_name="annex_fields"
    )
    provider = models.ForeignKey(
        "agreements.AgreementParty",
        verbose_name=_("pihak pemberi data"),
        on_delete=models.CASCADE,
        related_name="annex_fields_given",
    )
    receiver = models.ForeignKey(
        "agreements.AgreementParty",
        verbose_name=_("pihak penerima data"),
        on_delete=models.CASCADE,
        related_name="annex_fields_received",
    )
    field = models.ForeignKey(
        DataField, verbose_name=_("elemen data"), on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField(_("catatan"), max_length=300, blank=True)

    class Meta:
        db_table = "exchange_annexfield"
        ordering = ["agreement", "provider__order", "receiver__order", "field__order", "field__code"]
        verbose_name = _("elemen data lampiran")
        verbose_name_plural = _("elemen data lampiran")
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "provider", "receiver", "field"], name="annex_field_once_per_direction"
            ),
            models.CheckConstraint(condition=~Q(provider=models.F("receiver")), name="annex_two_parties"),
        ]

    def __str__(self) -> str:
        return f"{self.field.code}: {self.provider.role_name} → {self.receiver.role_name}"

    def clean(self) -> None:
        if self.provider_id and self.provider.agreement_id != self.agreement_id:
            raise ValidationError({"provider": _("Pihak pemberi bukan pihak pada perjanjian ini.")})
        if self.receiver_id and self.receiver.agreement_id != self.agreement_id:
            raise ValidationError({"receiver": _("Pihak penerima bukan pihak pada perjanjian ini.")})
        if self.provider_id and self.provider_id == self.receiver_id:
            raise ValidationError(_("Pihak pemberi dan penerima harus berbeda."))
