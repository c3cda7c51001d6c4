"""Forms of the data-set pages: the roster upload, the column mapping and the NIP/name search."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Berkas roster (CSV atau XLSX)"),
        help_text=_(
            "Ekspor Data ASN dari SIASN (CSV) atau lembar kerja instansi (XLSX). Kolom NIP sebaiknya "
            "berformat teks."
        ),
    )
    confirm_duplicate = forms.BooleanField(
        label=_("Saya mengerti berkas ini sudah pernah diimpor; impor lagi"), required=False
    )


class MappingForm(forms.Form):
    """One choice per column of the file: the Lampiran field it carries."""

    def __init__(
        self, *args, headers: list[str], choices: list[tuple[str, str]], initial_columns: list[str], **kw
    ):
        super().__init__(*args, **kw)
        options = [("", _("— tidak ada dalam Lampiran —")), *choices]
        for index, heading in enumerate(headers):
            self.fields[f"col{index}"] = forms.ChoiceField(
                label=heading or _("(kolom tanpa judul)"),
                choices=options,
                required=False,
                initial=initial_columns[index] if index < len(initial_columns) else "",
            )

    def columns(self) -> list[str]:
        return [self.cleaned_data[name] or "" for name in self.fields]


class SearchForm(forms.Form):
    query = forms.CharField(
        label=_("Cari NIP atau nama"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
