from django import forms
from django.utils.translation import gettext_lazy as _

from exchange.privacy.choices import DisclosureBasis


class DisclosureForm(forms.Form):
    basis = forms.ChoiceField(label=_("Dasar pengungkapan"), choices=DisclosureBasis.choices)
    basis_reference = forms.CharField(
        label=_("Nomor dasar"),
        max_length=200,
        help_text=_("Nomor surat persetujuan, putusan/penetapan pengadilan, atau pasal peraturan."),
    )
    file = forms.FileField(
        label=_("Dokumen dasar (PDF)"),
        required=False,
        help_text=_("Wajib untuk persetujuan tertulis PARA PIHAK."),
    )
    what = forms.CharField(
        label=_("Data yang diungkapkan"), widget=forms.Textarea(attrs={"rows": 3}), max_length=3000
    )
    recipient = forms.CharField(label=_("Penerima"), max_length=300)
    disclosed_on = forms.DateField(
        label=_("Tanggal pengungkapan"), widget=forms.DateInput(attrs={"type": "date"})
    )
    approved_by = forms.CharField(
        label=_("Disetujui oleh"), max_length=300, help_text=_("Nama dan jabatan pejabat yang menyetujui.")
    )


class SubjectAccessForm(forms.Form):
    nip = forms.CharField(label=_("NIP subjek data"), max_length=30)
    requester = forms.CharField(
        label=_("Pemohon"), max_length=200, help_text=_("Subjek data sendiri atau kuasanya.")
    )
    received_at = forms.DateTimeField(
        label=_("Diterima pada"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M"],
    )


class RetentionForm(forms.Form):
    days = forms.IntegerField(
        label=_("Masa retensi setelah perjanjian berakhir (hari)"),
        min_value=0,
        max_value=3650,
        help_text=_("Setelah itu data yang diterima dihapus dan sertifikat penghapusan diterbitkan."),
    )


class IncidentForm(forms.Form):
    discovered_at = forms.DateTimeField(
        label=_("Diketahui pada"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M"],
    )
    description = forms.CharField(
        label=_("Uraian kejadian"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )
    data_affected = forms.CharField(
        label=_("Data pribadi yang terdampak"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )
    subjects_count = forms.IntegerField(label=_("Jumlah subjek data terdampak"), min_value=0, initial=0)
