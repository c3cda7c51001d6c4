"""Forms an officer fills in: the agreement with its parties, scope and clauses, and each lifecycle action.

Choices of parties, contacts and dues come from rows the page already loaded, so rendering a form never
runs a query of its own.
"""

from __future__ import annotations

from collections.abc import Sequence

from django import forms
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from agreements.choices import (
    AgreementKind,
    AmendmentKind,
    AppointmentBasis,
    ClauseTag,
    DisputeStage,
    DocumentKind,
    LetterKind,
    NoticeKind,
    ObligationKind,
    Recurrence,
)
from agreements.models import Agreement, AgreementParty
from agreements.services.documents import ALLOWED_EXTENSIONS_TEXT
from agreements.services.lifecycle import AGREEMENT_FIELDS
from portal.lib.text_id import format_date

ACCEPT = ".pdf,.png,.jpg,.jpeg,.docx,.xlsx"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def date_field(label, *, required: bool = True, help_text: str = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=DateInput(),
        help_text=help_text,
        error_messages={"invalid": _("Tanggal tidak valid; gunakan format HHHH-BB-TT.")},
    )


def _file_help() -> str:
    return _("%(types)s; ukuran maksimum sesuai ketentuan portal.") % {"types": ALLOWED_EXTENSIONS_TEXT}


def file_field(label, *, required: bool = False) -> forms.FileField:
    return forms.FileField(
        label=label,
        required=required,
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
        # Lazy: the fields are built when the module loads, the help text in the reader's language.
        help_text=lazy(_file_help, str)(),
    )


class ObjectChoiceField(forms.TypedChoiceField):
    """A select over objects already in memory; cleans to the object itself."""

    def __init__(self, *, objects: Sequence = (), label_of=str, **kwargs):
        self.objects = {str(obj.pk): obj for obj in objects}
        choices = [("", "---------")] + [(str(obj.pk), label_of(obj)) for obj in objects]
        super().__init__(choices=choices, coerce=lambda pk: self.objects[pk], empty_value=None, **kwargs)
        self.error_messages["invalid_choice"] = _("Pilihan tidak tersedia; pilih salah satu dari daftar.")
        self.error_messages["required"] = _("Pilih salah satu dari daftar.")


def party_label(party: AgreementParty) -> str:
    return f"{party.role_name} — {party.institution.name}"


# --- The agreement and its parts -------------------------------------------------------------------


class AgreementForm(forms.ModelForm):
    class Meta:
        model = Agreement
        fields = AGREEMENT_FIELDS
        widgets = {
            "signed_on": DateInput(),
            "effective_from": DateInput(),
            "purpose": forms.Textarea(attrs={"rows": 4}),
            "title": forms.TextInput(attrs={"placeholder": _("mis. Pertukaran dan Pemanfaatan Data ...")}),
        }
        help_texts = {
            "signed_on": _(
                "Kosongkan bila masih draf; berlaku sejak ditandatangani kecuali ada tanggal mulai."
            ),
            "term_months": _("Mis. 24 untuk 2 (dua) tahun."),
            "notice_period_months": _("Pemberitahuan tertulis paling lambat sekian bulan sebelum berakhir."),
            "period_anchor": _("Periode laporan dan monev dihitung sejak tanggal berlaku atau per semester."),
        }

    def __init__(self, *args, umbrellas: Sequence[Agreement] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["umbrella"] = ObjectChoiceField(
            objects=umbrellas,
            required=False,
            label=_("Nota kesepahaman induk"),
            help_text=_("Pilih bila nota kesepahaman tercatat di portal; bila tidak, isi rujukannya."),
        )
        if self.instance.pk and self.instance.umbrella_id:
            self.initial["umbrella"] = str(self.instance.umbrella_id)
        self.fields["kind"].choices = AgreementKind.choices
        for name in ("signed_on", "effective_from"):
            self.fields[name].error_messages["invalid"] = _("Tanggal tidak valid; gunakan format HHHH-BB-TT.")
        self.fields["report_grace_days"].required = False
        if self.instance.pk and self.instance.signed_on:
            # After signing, the signed text changes only on an addendum or amendment of PARA PIHAK.
            self.fields["amendment"] = ObjectChoiceField(
                objects=list(self.instance.amendments.exclude(kind=AmendmentKind.EXTENSION)),
                label_of=lambda a: f"{a.get_kind_display()}: {a.title} ({format_date(a.signed_on)})",
                required=False,
                label=_("Berdasarkan adendum/amandemen"),
                help_text=_(
                    "Perjanjian sudah ditandatangani: perubahan isinya memerlukan adendum atau amandemen "
                    "PARA PIHAK yang sudah dicatat (Pasal 12)."
                ),
            )
        self.fields["confirm_non_working_day"] = forms.BooleanField(
            label=_("Ya, ditandatangani pada hari libur atau akhir pekan"),
            required=False,
            help_text=_("Diperlukan bila tanggal penandatanganan jatuh pada Sabtu, Minggu atau hari libur."),
        )

    def clean_report_grace_days(self):
        value = self.cleaned_data.get("report_grace_days")
        return 30 if value is None else value


class PartyForm(forms.Form):
    institution = forms.TypedChoiceField(label=_("Instansi"))
    number = forms.CharField(label=_("Nomor perjanjian pihak ini"), max_length=120, required=False)
    signatory_name = forms.CharField(label=_("Nama penanda tangan"), max_length=200, required=False)
    signatory_position = forms.CharField(label=_("Jabatan penanda tangan"), max_length=300, required=False)
    appointment_basis = forms.ChoiceField(
        label=_("Dasar pengangkatan"), choices=AppointmentBasis.choices, initial=AppointmentBasis.KEPPRES
    )
    appointment_number = forms.CharField(
        label=_("Nomor dasar pengangkatan"),
        max_length=120,
        required=False,
        help_text=_("mis. 174/TPA Tahun 2020"),
    )
    appointment_date = date_field(_("Tanggal dasar pengangkatan"), required=False)
    address = forms.CharField(
        label=_("Kedudukan/alamat"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    description = forms.CharField(
        label=_("Keterangan pihak (konsiderans)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, institutions: Sequence = (), **kwargs):
        super().__init__(*args, **kwargs)
        by_pk = {str(i.pk): i for i in institutions}
        field = self.fields["institution"]
        field.choices = [("", "---------")] + [(str(i.pk), i.name) for i in institutions]
        field.coerce = lambda pk: by_pk[pk]
        field.empty_value = None
        field.error_messages["required"] = _("Pilih instansi pihak ini.")


class BasePartyFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        chosen = [
            form.cleaned_data["institution"]
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        if len(chosen) < 2:
            raise forms.ValidationError(_("Isi sekurang-kurangnya dua pihak."))
        pks = [i.pk for i in chosen]
        if len(set(pks)) != len(pks):
            raise forms.ValidationError(_("Satu instansi hanya dapat menjadi satu pihak."))

    def parties(self) -> list[dict]:
        return [
            {k: v for k, v in form.cleaned_data.items() if k != "DELETE"}
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]


PartyFormSet = forms.formset_factory(
    PartyForm, formset=BasePartyFormSet, extra=0, min_num=2, validate_min=False, can_delete=True
)


class ScopeItemForm(forms.Form):
    text = forms.CharField(label=_("Ruang lingkup"), widget=forms.Textarea(attrs={"rows": 2}))


class BaseScopeFormSet(forms.BaseFormSet):
    def items(self) -> list[str]:
        return [
            form.cleaned_data["text"]
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]


ScopeFormSet = forms.formset_factory(ScopeItemForm, formset=BaseScopeFormSet, extra=2, can_delete=True)


class ClauseForm(forms.Form):
    number = forms.IntegerField(label=_("Pasal"), min_value=1, max_value=999)
    title = forms.CharField(label=_("Judul pasal"), max_length=200)
    text = forms.CharField(label=_("Isi"), widget=forms.Textarea(attrs={"rows": 5}))
    tags = forms.MultipleChoiceField(
        label=_("Mengatur"),
        choices=ClauseTag.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Surat, halaman dan pengingat merujuk nomor pasal yang mengatur pokok ini."),
    )


class BaseClauseFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        numbers = [
            form.cleaned_data["number"]
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        duplicates = sorted({n for n in numbers if numbers.count(n) > 1})
        if duplicates:
            raise forms.ValidationError(
                _("Nomor pasal %(numbers)s tercantum lebih dari sekali.")
                % {"numbers": ", ".join(str(n) for n in duplicates)}
            )
        tags = [
            tag
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
            for tag in form.cleaned_data.get("tags") or ()
        ]
        twice = sorted({str(ClauseTag(t).label) for t in tags if tags.count(t) > 1})
        if twice:
            raise forms.ValidationError(
                _("Pokok %(tags)s ditandai pada lebih dari satu pasal.") % {"tags": ", ".join(twice)}
            )

    def clauses(self) -> list[dict]:
        return [
            {k: form.cleaned_data.get(k) or [] if k == "tags" else form.cleaned_data[k] for k in CLAUSE_KEYS}
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]


CLAUSE_KEYS = ("number", "title", "text", "tags")
ClauseFormSet = forms.formset_factory(ClauseForm, formset=BaseClauseFormSet, extra=2, can_delete=True)


class CreateOptionsForm(forms.Form):
    standard_obligations = forms.BooleanField(
        label=_("Buat kewajiban baku: laporan berkala oleh PIHAK KESATU dan pemantauan dan evaluasi (monev)"),
        required=False,
        initial=True,
    )


# --- Lifecycle actions -----------------------------------------------------------------------------


class ActionForm(forms.Form):
    """An action on one agreement; knows the agreement's parties (already loaded) and the user."""

    def __init__(self, *args, agreement: Agreement, user, **kwargs):
        self.agreement, self.user = agreement, user
        super().__init__(*args, **kwargs)
        self.parties = list(agreement.parties.all())
        self.own_party = next((p for p in self.parties if p.institution_id == user.institution_id), None)
        today = timezone.localdate()
        for field in self.fields.values():
            if isinstance(field, forms.DateField) and field.required and field.initial is None:
                field.initial = today

    def party_field(self, label, *, own_only: bool = False, required: bool = True) -> ObjectChoiceField:
        parties = [self.own_party] if own_only and self.own_party else self.parties
        field = ObjectChoiceField(objects=parties, label_of=party_label, label=label, required=required)
        if own_only and self.own_party:
            field.initial = str(self.own_party.pk)
            field.error_messages["invalid_choice"] = _(
                "Pihak ini bukan pihak Anda: setiap pihak mencatat untuk dirinya sendiri."
            )
        return field


class SignForm(ActionForm):
    signed_on = date_field(_("Tanggal penandatanganan"))
    signing_place = forms.CharField(label=_("Tempat penandatanganan"), max_length=120)
    effective_from = date_field(
        _("Mulai berlaku"), required=False, help_text=_("Kosongkan bila berlaku sejak ditandatangani.")
    )
    confirm_non_working_day = forms.BooleanField(
        label=_("Ya, ditandatangani pada hari libur atau akhir pekan"),
        required=False,
        help_text=_("Diperlukan bila tanggal penandatanganan jatuh pada Sabtu, Minggu atau hari libur."),
    )


class ExtendForm(ActionForm):
    months = forms.IntegerField(
        label=_("Perpanjangan (bulan)"), min_value=1, max_value=120, help_text=_("mis. 24 untuk 2 tahun")
    )
    signed_on = date_field(_("Tanggal penandatanganan perpanjangan"))
    number = forms.CharField(label=_("Nomor naskah perpanjangan"), max_length=200, required=False)
    title = forms.CharField(label=_("Judul"), max_length=300, required=False)
    summary = forms.CharField(label=_("Ringkasan"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    file = file_field(_("Naskah perpanjangan (pindaian)"))


class AmendmentForm(ActionForm):
    kind = forms.ChoiceField(
        label=_("Jenis"),
        choices=[
            (AmendmentKind.ADDENDUM, AmendmentKind.ADDENDUM.label),
            (AmendmentKind.AMENDMENT, AmendmentKind.AMENDMENT.label),
        ],
    )
    title = forms.CharField(label=_("Judul"), max_length=300)
    number = forms.CharField(label=_("Nomor"), max_length=200, required=False)
    signed_on = date_field(_("Tanggal penandatanganan"))
    summary = forms.CharField(
        label=_("Ringkasan perubahan"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    file = file_field(_("Naskah (pindaian)"))


class NoticeForm(ActionForm):
    kind = forms.ChoiceField(label=_("Jenis pemberitahuan"), choices=NoticeKind.choices)
    served_on = date_field(_("Tanggal surat/pemberitahuan"))
    terminates_on = date_field(
        _("Diakhiri per tanggal"),
        required=False,
        help_text=_("Wajib untuk pengakhiran; paling cepat sesuai masa pemberitahuan perjanjian."),
    )
    reason = forms.CharField(
        label=_("Alasan/pertimbangan"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    signed_by = forms.CharField(
        label=_("Penanda tangan surat"),
        max_length=200,
        required=False,
        help_text=_("Kosongkan: penanda tangan PKS."),
    )
    signer_position = forms.CharField(label=_("Jabatan penanda tangan surat"), max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["from_party"] = self.party_field(_("Disampaikan oleh"), own_only=True)
        self.order_fields(["kind", "from_party", "served_on", "terminates_on", "reason"])

    def clean(self):
        data = super().clean()
        if data.get("kind") == NoticeKind.TERMINATION and not data.get("terminates_on"):
            self.add_error(
                "terminates_on", _("Tanggal pengakhiran wajib diisi untuk pemberitahuan pengakhiran.")
            )
        return data


class TerminateForm(ActionForm):
    terminates_on = date_field(_("Diakhiri per tanggal"))
    reason = forms.CharField(
        label=_("Alasan pengakhiran"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The day the served notice announced: the default, and the earliest the service accepts.
        if self.agreement.announced_end_on:
            self.fields["terminates_on"].initial = self.agreement.announced_end_on


class ForceMajeureForm(ActionForm):
    occurred_on = date_field(_("Terjadi pada"))
    description = forms.CharField(label=_("Uraian kejadian"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["party"] = self.party_field(_("Pihak yang mengalami"), own_only=True)
        self.order_fields(["party", "occurred_on", "description"])


class ForceMajeureNotifyForm(ActionForm):
    notified_on = date_field(_("Diberitahukan pada"))
    statement = file_field(_("Pernyataan tertulis pejabat pemerintah yang berwenang"))
    issue_notice_letter = forms.BooleanField(
        label=_("Terbitkan surat pemberitahuan bernomor kepada pihak lain"), required=False, initial=True
    )


class ForceMajeureEndForm(ActionForm):
    ended_on = date_field(_("Berakhir pada"))


class DisputeForm(ActionForm):
    subject = forms.CharField(label=_("Pokok perselisihan"), max_length=300)
    opened_on = date_field(_("Dicatat pada"))
    description = forms.CharField(label=_("Uraian"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["raised_by"] = self.party_field(_("Diajukan oleh"), own_only=True)
        self.order_fields(["raised_by", "subject", "opened_on", "description"])


class DisputeAdvanceForm(ActionForm):
    stage = forms.ChoiceField(
        label=_("Tahap berikutnya"),
        choices=[
            (DisputeStage.LEGAL, DisputeStage.LEGAL.label),
            (DisputeStage.RESOLVED, DisputeStage.RESOLVED.label),
        ],
    )
    on = date_field(_("Sejak tanggal"))
    resolution = forms.CharField(
        label=_("Hasil penyelesaian"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class MonevForm(ActionForm):
    held_on = date_field(_("Dilaksanakan pada"))
    place = forms.CharField(label=_("Tempat"), max_length=200, required=False)
    participants = forms.CharField(
        label=_("Peserta"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    minutes = forms.CharField(label=_("Notula/hasil"), widget=forms.Textarea(attrs={"rows": 4}))
    file = file_field(_("Notula (pindaian)"))


class ObligationForm(ActionForm):
    kind = forms.ChoiceField(label=_("Jenis"), choices=ObligationKind.choices, initial=ObligationKind.REPORT)
    title = forms.CharField(label=_("Kewajiban"), max_length=300)
    clause_ref = forms.CharField(
        label=_("Dasar (pasal/ayat)"),
        max_length=60,
        required=False,
        help_text=_("mis. Pasal 3 ayat (2) huruf b"),
    )
    recurrence = forms.ChoiceField(
        label=_("Pengulangan"), choices=Recurrence.choices, initial=Recurrence.PERIODIC
    )
    per_year = forms.IntegerField(
        label=_("Kali per tahun"), min_value=1, max_value=12, initial=2, required=False
    )
    due_on = date_field(_("Jatuh tempo (untuk kewajiban sekali)"), required=False)
    survives_end = forms.BooleanField(label=_("Tetap berlaku setelah perjanjian berakhir"), required=False)
    joint = forms.BooleanField(
        label=_("Kewajiban bersama PARA PIHAK"),
        required=False,
        help_text=_("Satu jatuh tempo bersama yang dilihat semua pihak dan dapat dipenuhi salah satunya."),
    )
    description = forms.CharField(label=_("Uraian"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["party"] = self.party_field(_("Pihak yang wajib"))
        self.order_fields(["party", "kind", "title", "clause_ref", "recurrence", "per_year", "due_on"])

    def clean(self):
        data = super().clean()
        if data.get("recurrence") == Recurrence.PERIODIC and not data.get("per_year"):
            self.add_error("per_year", _("Isi berapa kali per tahun."))
        if data.get("recurrence") == Recurrence.ONCE and not data.get("due_on"):
            self.add_error("due_on", _("Kewajiban sekali wajib memiliki tanggal jatuh tempo."))
        return data


class DueMeetForm(ActionForm):
    met_on = date_field(_("Dipenuhi pada"))
    note = forms.CharField(label=_("Catatan"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    file = file_field(_("Bukti pemenuhan"))


class DueWaiveForm(ActionForm):
    waived_on = date_field(_("Dikesampingkan pada"))
    reason = forms.CharField(label=_("Alasan"), widget=forms.Textarea(attrs={"rows": 2}))


class ContactForm(ActionForm):
    unit = forms.CharField(label=_("Unit/jabatan"), max_length=300)
    person_name = forms.CharField(label=_("Nama pejabat (bila disebut)"), max_length=200, required=False)
    address = forms.CharField(label=_("Alamat"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    phone = forms.CharField(label=_("Telepon"), max_length=80, required=False)
    email = forms.EmailField(
        label=_("E-mail"), required=False, error_messages={"invalid": _("Alamat e-mail tidak valid.")}
    )
    valid_from = date_field(_("Berlaku sejak"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["party"] = self.party_field(_("Pihak"), own_only=True)
        contacts = [
            c
            for c in self.agreement.contacts.all()
            if c.valid_to is None and (self.own_party is None or c.party_id == self.own_party.pk)
        ]
        self.fields["replaces"] = ObjectChoiceField(
            objects=contacts,
            label_of=lambda c: f"{c.party.role_name}: {c.unit}",
            label=_("Menggantikan kontak"),
            required=False,
            help_text=_("Kontak lama berakhir sehari sebelum kontak baru berlaku."),
        )
        self.order_fields(
            ["party", "unit", "person_name", "address", "phone", "email", "valid_from", "replaces"]
        )


class ContactEndForm(ActionForm):
    valid_to = date_field(_("Berlaku sampai"))


class DocumentForm(ActionForm):
    kind = forms.ChoiceField(
        label=_("Jenis dokumen"), choices=DocumentKind.choices, initial=DocumentKind.SIGNED_SCAN
    )
    title = forms.CharField(label=_("Judul"), max_length=300)
    file = file_field(_("Berkas"), required=True)


class ParafForm(ActionForm):
    initialled_by = forms.CharField(label=_("Diparaf oleh"), max_length=200)
    initialled_on = date_field(_("Tanggal paraf"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["party"] = self.party_field(_("Pihak"), own_only=True)
        self.order_fields(["party", "initialled_by", "initialled_on"])


class LetterForm(ActionForm):
    subject = forms.CharField(label=_("Perihal"), max_length=300)
    dated_on = date_field(_("Tanggal surat"))
    body = forms.CharField(label=_("Isi surat"), widget=forms.Textarea(attrs={"rows": 6}))
    signed_by = forms.CharField(
        label=_("Penanda tangan"),
        max_length=200,
        required=False,
        help_text=_("Kosongkan: penanda tangan PKS."),
    )
    signer_position = forms.CharField(label=_("Jabatan penanda tangan"), max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["from_party"] = self.party_field(_("Dari"), own_only=True)
        others = [p for p in self.parties if p != self.own_party]
        self.fields["to_party"] = ObjectChoiceField(objects=others, label_of=party_label, label=_("Kepada"))
        if len(others) == 1:
            self.fields["to_party"].initial = str(others[0].pk)
        self.order_fields(["from_party", "to_party", "subject", "dated_on", "body"])


class IncomingLetterForm(ActionForm):
    number = forms.CharField(label=_("Nomor surat"), max_length=200)
    kind = forms.ChoiceField(label=_("Jenis"), choices=LetterKind.choices, initial=LetterKind.GENERAL)
    dated_on = date_field(_("Tanggal surat"))
    received_on = date_field(_("Diterima pada"))
    subject = forms.CharField(label=_("Perihal"), max_length=300)
    file = file_field(_("Pindaian surat"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        others = [p for p in self.parties if p != self.own_party]
        self.fields["from_party"] = ObjectChoiceField(objects=others, label_of=party_label, label=_("Dari"))
        if len(others) == 1:
            self.fields["from_party"].initial = str(others[0].pk)
        self.order_fields(["from_party", "number", "kind", "dated_on", "received_on", "subject", "file"])


class ListFilterForm(forms.Form):
    q = forms.CharField(label=_("Cari"), required=False, max_length=200)
    status = forms.ChoiceField(label=_("Status"), required=False)
    partner = forms.TypedChoiceField(label=_("Instansi mitra"), required=False, coerce=int, empty_value=None)
    notice_within = forms.IntegerField(
        label=_("Batas pemberitahuan dalam (hari)"),
        required=False,
        min_value=0,
        max_value=3650,
        error_messages={"invalid": _("Isi dengan jumlah hari, mis. 30.")},
    )

    def __init__(self, *args, statuses=(), partners=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("Semua"))] + list(statuses)
        self.fields["partner"].choices = [("", _("Semua"))] + [(p.pk, p.name) for p in partners]


class RegisterFilterForm(forms.Form):
    q = forms.CharField(label=_("Cari nomor, judul atau instansi"), required=False, max_length=200)
    status = forms.ChoiceField(label=_("Status"), required=False)

    def __init__(self, *args, statuses=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("Semua"))] + list(statuses)


# Every lifecycle action's form, by the action's name (the URL names are agreement_<name>).
ACTION_FORMS: dict[str, type[ActionForm]] = {
    "sign": SignForm,
    "extend": ExtendForm,
    "amend": AmendmentForm,
    "notice": NoticeForm,
    "terminate": TerminateForm,
    "fm_record": ForceMajeureForm,
    "fm_notify": ForceMajeureNotifyForm,
    "fm_end": ForceMajeureEndForm,
    "dispute": DisputeForm,
    "dispute_advance": DisputeAdvanceForm,
    "monev": MonevForm,
    "obligation": ObligationForm,
    "due_meet": DueMeetForm,
    "due_waive": DueWaiveForm,
    "contact": ContactForm,
    "contact_end": ContactEndForm,
    "document": DocumentForm,
    "paraf": ParafForm,
    "letter": LetterForm,
    "letter_incoming": IncomingLetterForm,
}


def _member_label(user) -> str:
    roles = ", ".join(sorted(getattr(user, "_role_names", ()) or ()))
    name = user.get_full_name() or user.username
    return f"{name} ({roles})" if roles else name


class TeamMemberAddForm(forms.Form):
    """The Pimpinan adds a user of the institution to its party's team."""

    def __init__(self, *args, candidates: Sequence = (), **kwargs):
        super().__init__(*args, **kwargs)
        field = ObjectChoiceField(objects=candidates, label_of=_member_label, label=_("Pengguna"))
        field.error_messages["invalid_choice"] = _(
            "Pilih pengguna aktif instansi Anda yang belum menjadi anggota tim."
        )
        self.fields["user"] = field


class TeamRightsForm(forms.Form):
    """The rights of one member: ticked ones held, unticked ones not (against the role's defaults)."""

    def __init__(self, *args, **kwargs):
        from agreements.rights import ADJUSTABLE, RIGHT_LABELS

        super().__init__(*args, **kwargs)
        self.fields["rights"] = forms.MultipleChoiceField(
            label=_("Hak"),
            required=False,
            choices=[(str(r), RIGHT_LABELS[r]) for r in ADJUSTABLE],
            widget=forms.CheckboxSelectMultiple,
        )


class InvitationDeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Alasan (disampaikan kepada para pihak)"),
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
