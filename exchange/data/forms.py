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


class LampiranForm(forms.Form):
    """One direction's list: a tick and a note per catalogue field; with `with_reason`, why it changes."""

    def __init__(self, *args, catalogue, current: dict[int, str], with_reason: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.catalogue = list(catalogue)
        for field in self.catalogue:
            self.fields[f"f{field.pk}"] = forms.BooleanField(
                label=f"{field.label} ({field.code})", required=False, initial=field.pk in current
            )
            self.fields[f"n{field.pk}"] = forms.CharField(
                label=_("Catatan untuk %(field)s") % {"field": field.code},
                max_length=300,
                required=False,
                initial=current.get(field.pk, ""),
            )
        if with_reason:
            self.fields["reason"] = forms.CharField(
                label=_("Alasan perubahan"),
                widget=forms.Textarea(attrs={"rows": 3}),
                help_text=_("Dicatat pada adendum bila pihak lain menyetujui."),
            )

    def rows(self):
        """(catalogue field, tick box, note box) per field, for the template's table."""
        return [(field, self[f"f{field.pk}"], self[f"n{field.pk}"]) for field in self.catalogue]

    def lines(self) -> list:
        from exchange.data.services import LineInput

        return [
            LineInput(field, self.cleaned_data.get(f"n{field.pk}", ""))
            for field in self.catalogue
            if self.cleaned_data.get(f"f{field.pk}")
        ]


class LampiranDayForm(forms.Form):
    tanggal = forms.DateField(
        label=_("Lampiran yang berlaku pada tanggal"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


class LampiranDeclineForm(forms.Form):
    note = forms.CharField(label=_("Alasan penolakan"), widget=forms.Textarea(attrs={"rows": 2}))
