"""Forms of the reminder pages: an administrator's policy per deadline kind, a user's own preferences."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.models import MAX_DAYS_BEFORE, ReminderPolicy
from portal.registry import mutable_kind_choices


class DaysField(forms.CharField):
    """'60, 30, 14, 7, 1' <-> [60, 30, 14, 7, 1]."""

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return ", ".join(str(v) for v in value)
        return value

    def to_python(self, value):
        text = super().to_python(value)
        if not text:
            return []
        days = []
        for part in text.replace(";", ",").split(","):
            part = part.strip()
            if not part:
                continue
            if not part.isdigit():
                raise forms.ValidationError(_("Isi dengan bilangan bulat hari, dipisahkan koma."))
            day = int(part)
            if not 1 <= day <= MAX_DAYS_BEFORE:
                raise forms.ValidationError(
                    _("Setiap nilai harus antara 1 dan %(max)s hari."), params={"max": MAX_DAYS_BEFORE}
                )
            days.append(day)
        return sorted(set(days), reverse=True)


class ReminderPolicyForm(forms.ModelForm):
    days_before = DaysField(
        label=_("Hari sebelum tenggat"),
        required=False,
        help_text=_("Dipisahkan koma, mis. 60, 30, 14, 7, 1."),
    )

    class Meta:
        model = ReminderPolicy
        fields = ["days_before", "on_the_day", "overdue_every_days", "overdue_limit", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["overdue_limit"].required = False
        if self.instance.is_legal:
            self.fields["is_active"].disabled = True
            self.fields["is_active"].help_text = _("Pengingat tenggat hukum selalu aktif.")

    def clean_overdue_limit(self):
        value = self.cleaned_data.get("overdue_limit")
        return self.instance.overdue_limit if value is None else value


class ReminderPreferenceForm(forms.Form):
    muted_kinds = forms.MultipleChoiceField(
        label=_("Bisukan pengingat jenis berikut"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=mutable_kind_choices,
        help_text=_(
            "Pengingat batas pemberitahuan, hari terakhir berlaku, dan pemberitahuan keadaan kahar "
            "tidak dapat dibisukan."
        ),
    )
    weekly_digest = forms.BooleanField(
        label=_("Kirimi saya ringkasan mingguan tenggat (dalam surel hari pertama tiap pekan)"),
        required=False,
    )

    def __init__(self, *args, can_digest: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not can_digest:
            del self.fields["weekly_digest"]
