"""Forms of the web-service pages: issuing a client, filtering the exchange log, the NIP search."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from exchange.api.choices import Endpoint, Outcome
from exchange.api.models import DEFAULT_DAILY_RECORD_QUOTA
from exchange.api.services import MAX_DAILY_RECORD_QUOTA


class ClientIssueForm(forms.Form):
    """Issue credentials for one direction the user's party receives; the service checks the rest."""

    direction = forms.ChoiceField(label=_("Arah pertukaran"))
    name = forms.CharField(label=_("Nama sistem/aplikasi penerima"), max_length=200)
    expires_on = forms.DateField(
        label=_("Berlaku sampai"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Kosongkan untuk satu tahun (tidak melewati akhir perjanjian)."),
    )
    daily_record_quota = forms.IntegerField(
        label=_("Kuota rekaman per hari"),
        min_value=1,
        max_value=MAX_DAILY_RECORD_QUOTA,
        initial=DEFAULT_DAILY_RECORD_QUOTA,
    )

    def __init__(self, *args, directions, **kwargs):
        super().__init__(*args, **kwargs)
        self.directions = {
            f"{provider.pk}-{receiver.pk}": (provider, receiver) for provider, receiver in directions
        }
        self.fields["direction"].choices = [
            (key, f"{provider.institution} → {receiver.institution}")
            for key, (provider, receiver) in self.directions.items()
        ]

    def direction_parties(self):
        return self.directions[self.cleaned_data["direction"]]


class ClientRevokeForm(forms.Form):
    reason = forms.CharField(label=_("Alasan pencabutan"), max_length=300, required=False)


class LogFilterForm(forms.Form):
    """GET filters of the log; the NIP search is a separate POST kept in the session."""

    client = forms.TypedChoiceField(label=_("Klien"), required=False, coerce=int, empty_value=None)
    outcome = forms.ChoiceField(
        label=_("Hasil"), required=False, choices=[("", _("Semua")), *Outcome.choices]
    )
    endpoint = forms.ChoiceField(
        label=_("Layanan"), required=False, choices=[("", _("Semua")), *Endpoint.choices]
    )
    date_from = forms.DateField(
        label=_("Dari tanggal"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("Sampai tanggal"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, clients, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["client"].choices = [
            ("", _("Semua")),
            *((c.pk, f"{c.name} ({c.client_id})") for c in clients),
        ]

    def values(self) -> dict:
        """The valid filters only: a bad value drops itself, not the others."""
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value not in (None, "")}


class NipSearchForm(forms.Form):
    nip = forms.RegexField(
        label=_("NIP"),
        regex=r"^[0-9]{18}$",
        error_messages={"invalid": _("NIP harus 18 angka.")},
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
    )
