"""Forms of the exchange pages. They check the shape of input; the services decide what is allowed."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agreements.models import AgreementParty
from exchange.corrections import evidence, flow, xlsx
from exchange.corrections.choices import CommentVisibility, ProposalStatus
from exchange.corrections.services import ItemInput
from exchange.data import nip
from exchange.data.models import DataField
from portal.lib import uploads


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented pattern)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": evidence.ACCEPT}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class PartyChoiceField(forms.ModelChoiceField):
    """Receiving parties grouped by agreement: 'BKN (PIHAK KEDUA)' under the agreement's title."""

    def label_from_instance(self, obj: AgreementParty) -> str:
        return f"{obj.institution.short_name or obj.institution.name} ({obj.role_name})"

    @property
    def choices(self):
        groups: dict[str, list] = defaultdict(list)
        for party in self.queryset:
            groups[party.agreement.title].append((party.pk, self.label_from_instance(party)))
        return [("", self.empty_label), *groups.items()]

    @choices.setter
    def choices(self, value):
        forms.ChoiceField.choices.fset(self, value)


class ProposalForm(forms.Form):
    receiving_party = PartyChoiceField(
        label=_("Perjanjian dan pihak penerima"),
        queryset=AgreementParty.objects.none(),
        empty_label=_("— pilih —"),
        help_text=_("Usulan ditujukan kepada pihak lain pada perjanjian yang Anda tangani."),
    )
    nip = forms.CharField(
        label=_("NIP"),
        max_length=40,
        help_text=_("18 digit: tanggal lahir, tahun-bulan pengangkatan, jenis kelamin (1/2), nomor urut."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    person_name = forms.CharField(
        label=_("Nama ASN"), max_length=200, widget=forms.TextInput(attrs={"autocomplete": "off"})
    )
    reason = forms.CharField(label=_("Alasan perbaikan"), widget=forms.Textarea(attrs={"rows": 4}))
    files = MultipleFileField(label=_("Bukti pendukung"), required=False)

    def __init__(
        self, *args, parties: QuerySet[AgreementParty] | None = None, editing: bool = False, **kwargs
    ):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["receiving_party"]
            del self.fields["files"]
        else:
            self.fields["files"].help_text = _("PDF, PNG atau JPEG, paling besar %(max)s per berkas.") % {
                "max": filesizeformat(evidence.MAX_BYTES)
            }
            self.fields["receiving_party"].queryset = (
                parties if parties is not None else AgreementParty.objects.none()
            )

    def clean_nip(self) -> str:
        try:
            return nip.parse(self.cleaned_data["nip"], today=timezone.localdate()).value
        except nip.NipError as exc:
            raise ValidationError(str(exc)) from None


class ItemForm(forms.Form):
    field = forms.ModelChoiceField(
        label=_("Elemen data"), queryset=DataField.objects.all(), empty_label=_("— pilih —")
    )
    current_value = forms.CharField(label=_("Nilai saat ini"), max_length=500, required=False)
    proposed_value = forms.CharField(label=_("Nilai usulan"), max_length=500)

    def __init__(self, *args, fields: QuerySet[DataField] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if fields is not None:
            # Only the Lampiran's fields of the data's direction; the service checks the same.
            self.fields["field"].queryset = fields


class BaseItemFormSet(forms.BaseFormSet):
    def clean(self) -> None:
        if any(self.errors):
            return
        if not self.items():
            raise ValidationError(
                _("Isi sekurang-kurangnya satu elemen data yang diusulkan untuk diperbaiki.")
            )

    def items(self) -> list[ItemInput]:
        return [
            ItemInput(
                f.cleaned_data["field"],
                f.cleaned_data["proposed_value"],
                f.cleaned_data.get("current_value", ""),
            )
            for f in self.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE") and f.cleaned_data.get("field")
        ]


ItemFormSet = forms.formset_factory(ItemForm, formset=BaseItemFormSet, extra=2, can_delete=True, max_num=30)
# A new proposal has nothing to delete yet.
NewItemFormSet = forms.formset_factory(ItemForm, formset=BaseItemFormSet, extra=3, max_num=30)


class CommentForm(forms.Form):
    body = forms.CharField(label=_("Komentar"), widget=forms.Textarea(attrs={"rows": 3}))
    visibility = forms.ChoiceField(
        label=_("Sifat"),
        choices=CommentVisibility.choices,
        initial=CommentVisibility.INTERNAL,
        widget=forms.RadioSelect,
    )


class EvidenceForm(forms.Form):
    files = MultipleFileField(label=_("Berkas bukti"))


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Cari NIP atau nama"), max_length=100, required=False)


OVERDUE_CHOICES = (("", _("Semua")), ("1", _("Hanya yang terlambat")))


class FilterForm(forms.Form):
    """The list's GET filters: none of them carries personal data, so they may live in the URL."""

    tab = forms.ChoiceField(
        choices=[("inbox", "inbox"), ("outbox", "outbox"), ("all", "all")], required=False
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("Semua")), *ProposalStatus.choices], required=False
    )
    agreement = forms.TypedChoiceField(label=_("Perjanjian"), coerce=int, required=False, empty_value=None)
    assignee = forms.CharField(label=_("Petugas"), required=False)
    overdue = forms.ChoiceField(label=_("Tenggat"), choices=OVERDUE_CHOICES, required=False)

    def __init__(self, *args, agreements=(), assignees=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agreement"].choices = [("", _("Semua")), *((a.pk, a.title) for a in agreements)]
        self.assignee_choices = [
            ("", _("Semua")),
            ("me", _("Saya")),
            ("none", _("Belum ada")),
            *((str(u.pk), str(u)) for u in assignees),
        ]

    def clean_assignee(self) -> str:
        value = self.cleaned_data.get("assignee") or ""
        return value if value in {c[0] for c in self.assignee_choices} else ""


def bulk_actions() -> list[tuple[str, str]]:
    """The steps the list offers for many proposals at once (flow.Step.bulk_label)."""
    return [(step.name, step.bulk_label) for step in flow.bulk_steps()]


class IdsField(forms.Field):
    """The ticked rows of the list: whole numbers; which of them the user may touch is the selector's say."""

    widget = forms.MultipleHiddenInput
    default_error_messages = {"required": _("Pilih sekurang-kurangnya satu usulan.")}

    def to_python(self, value) -> list[int]:
        if not value:
            return []
        values = value if isinstance(value, list | tuple) else [value]
        if not all(str(v).isdigit() for v in values):
            raise ValidationError(_("Pilihan usulan tidak sah."))
        return sorted({int(v) for v in values})


class BulkForm(forms.Form):
    """The ticked rows and the step to take on them; the step's own inputs are checked by its own form
    (flow.Step.form, unprefixed), so a bulk step asks for what it asks for on the detail page.
    """

    ids = IdsField()
    action = forms.ChoiceField(label=_("Tindakan"), choices=bulk_actions)

    def __init__(self, *args, choices: Mapping[str, QuerySet] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.choices = choices or {}

    def clean(self):
        data = super().clean()
        step = flow.STEPS.get(data.get("action") or "")
        data["inputs"] = {}
        if step is not None:
            inputs = step.form(self.data, choices=self.choices, bare=True)
            if inputs is not None:
                if inputs.is_valid():
                    data["inputs"] = inputs.cleaned_data
                else:
                    for errors in inputs.errors.values():
                        for error in errors:
                            self.add_error(None, error)
        return data


class ImportForm(forms.Form):
    receiving_party = PartyChoiceField(
        label=_("Perjanjian dan pihak penerima"),
        queryset=AgreementParty.objects.none(),
        empty_label=_("— pilih —"),
    )
    file = forms.FileField(
        label=_("Berkas XLSX"),
        widget=forms.ClearableFileInput(attrs={"accept": uploads.accept(xlsx.IMPORT_KINDS)}),
    )
    submit = forms.BooleanField(label=_("Langsung ajukan semua usulan hasil impor"), required=False)
    confirm_duplicate = forms.BooleanField(
        label=_("Saya mengerti berkas ini sudah pernah diimpor; impor lagi"), required=False
    )

    def __init__(self, *args, parties: QuerySet[AgreementParty] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["receiving_party"].queryset = (
            parties if parties is not None else AgreementParty.objects.none()
        )
        self.fields["file"].help_text = _("Gunakan templat impor. Paling besar %(max)s.") % {
            "max": filesizeformat(xlsx.IMPORT_MAX_BYTES)
        }
