"""Forms of pemadanan: a new run (two versions of the agreement's data sets), the result filters, the
choice of differences to raise as proposals, and the berita acara."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from exchange.data.models import DataSetVersion
from exchange.matching.choices import Outcome

MAX_FOLLOW_UP = 3000


class VersionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, version: DataSetVersion) -> str:
        day = timezone.localdate(version.created_at).strftime("%d-%m-%Y")
        return _("%(dataset)s — versi %(n)s (%(rows)s rekaman, %(day)s)") % {
            "dataset": version.dataset.name,
            "n": version.number,
            "rows": version.row_count,
            "day": day,
        }


class RunForm(forms.Form):
    left_version = VersionChoiceField(
        label=_("Data pertama"), queryset=DataSetVersion.objects.none(), empty_label=_("— pilih versi —")
    )
    right_version = VersionChoiceField(
        label=_("Data pembanding (data pihak pemegang data)"),
        queryset=DataSetVersion.objects.none(),
        empty_label=_("— pilih versi —"),
        help_text=_("Usulan perbaikan dari hasil pemadanan ditujukan kepada pemberi data pembanding."),
    )

    def __init__(self, *args, versions=None, **kwargs):
        super().__init__(*args, **kwargs)
        if versions is not None:
            self.fields["left_version"].queryset = versions
            self.fields["right_version"].queryset = versions

    def clean(self):
        data = super().clean()
        if data.get("left_version") and data.get("left_version") == data.get("right_version"):
            self.add_error("right_version", _("Pilih dua versi yang berbeda."))
        return data


class ResultFilterForm(forms.Form):
    """GET filters of the person list: none of them is personal data."""

    outcome = forms.ChoiceField(
        label=_("Hasil"), required=False, choices=[("", _("Semua"))] + Outcome.choices
    )
    field = forms.ChoiceField(label=_("Elemen data"), required=False)
    unit = forms.ChoiceField(label=_("Unit kerja"), required=False)

    def __init__(self, *args, fields=(), units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["field"].choices = [("", _("Semua"))] + list(fields)
        self.fields["unit"].choices = [("", _("Semua"))] + [(u, u or _("(tanpa unit)")) for u in units]

    def values(self) -> dict[str, str]:
        """The valid filters; a bad one drops only itself."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {name: data.get(name, "") for name in ("outcome", "field", "unit") if name not in self.errors}


class ProposeForm(forms.Form):
    ids = forms.TypedMultipleChoiceField(coerce=int, choices=(), error_messages={
        "required": _("Pilih sekurang-kurangnya satu perbedaan."),
        "invalid_choice": _("Sebagian hasil yang dipilih tidak dapat diusulkan."),
    })  # fmt: skip

    def __init__(self, *args, allowed_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ids"].choices = [(pk, pk) for pk in allowed_ids]


class BeritaAcaraForm(forms.Form):
    follow_up = forms.CharField(
        label=_("Tindak lanjut"),
        required=False,
        max_length=MAX_FOLLOW_UP,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Kosongkan untuk memakai rumusan baku."),
    )
    place = forms.CharField(label=_("Tempat"), required=False, max_length=120)
