"""Forms of the portal's administration pages. They check the shape of input; the services decide."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from portal.administration import LOGO_KINDS, LOGO_MAX_BYTES
from portal.choices import Role
from portal.lib import uploads
from portal.models import Institution


class InstitutionForm(forms.Form):
    name = forms.CharField(label=_("Nama instansi"), max_length=255)
    short_name = forms.CharField(label=_("Singkatan"), max_length=40)
    address = forms.CharField(label=_("Alamat"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    phone = forms.CharField(label=_("Telepon"), max_length=60, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    letter_number_format = forms.CharField(
        label=_("Format nomor surat"),
        max_length=120,
        initial="{seq}/HKM.07.01/{roman_month}/{year}",
        help_text=_(
            "Gunakan {seq} (nomor urut), {roman_month} (bulan Romawi), {month} (bulan dua angka) dan {year}."
        ),
    )
    logo = forms.FileField(
        label=_("Logo untuk kop surat"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": uploads.accept(LOGO_KINDS)}),
    )
    remove_logo = forms.BooleanField(label=_("Hapus logo yang ada"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["logo"].help_text = _("PNG atau JPEG, paling besar %(max)s.") % {
            "max": filesizeformat(LOGO_MAX_BYTES)
        }

    @staticmethod
    def initial_for(institution: Institution) -> dict:
        return {
            name: getattr(institution, name)
            for name in ("name", "short_name", "address", "phone", "email", "letter_number_format")
        }


class UserForm(forms.Form):
    username = forms.CharField(
        label=_("Nama pengguna"),
        max_length=150,
        required=False,
        help_text=_("Kosongkan untuk memakai bagian depan alamat e-mail."),
    )
    first_name = forms.CharField(label=_("Nama depan"), max_length=150)
    last_name = forms.CharField(label=_("Nama belakang"), max_length=150, required=False)
    email = forms.EmailField(label=_("E-mail"))
    institution = forms.ModelChoiceField(
        label=_("Instansi"),
        queryset=Institution.objects.order_by("name"),
        required=False,
        empty_label=_("— tanpa instansi (hanya Administrator) —"),
    )
    role = forms.ChoiceField(label=_("Peran"), choices=Role.choices)
    position = forms.CharField(label=_("Jabatan"), max_length=255, required=False)
    language = forms.ChoiceField(
        label=_("Bahasa e-mail"),
        choices=[("", _("Bahasa portal (Bahasa Indonesia)")), *settings.LANGUAGES],
        required=False,
        help_text=_("Bahasa e-mail dan pengingat bagi pengguna ini; berubah juga bila ia memilih bahasa."),
    )

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["username"]


ACTIVE_CHOICES = (("", _("Semua")), ("1", _("Aktif")), ("0", _("Nonaktif")))


class UserFilterForm(forms.Form):
    q = forms.CharField(label=_("Cari nama, nama pengguna atau e-mail"), max_length=100, required=False)
    institution = forms.ModelChoiceField(
        label=_("Instansi"),
        queryset=Institution.objects.order_by("name"),
        required=False,
        empty_label=_("Semua"),
    )
    role = forms.ChoiceField(label=_("Peran"), choices=(("", _("Semua")), *Role.choices), required=False)
    active = forms.ChoiceField(label=_("Status"), choices=ACTIVE_CHOICES, required=False)
