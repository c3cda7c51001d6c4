from django import forms
from django.utils.translation import gettext_lazy as _

from exchange.reports.services import TEXT_LIMIT


class CompleteForm(forms.Form):
    """The two parts of the report the party writes itself."""

    kendala = forms.CharField(
        label=_("Kendala"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=TEXT_LIMIT,
        required=True,
        help_text=_("Hambatan yang ditemui dalam pemanfaatan dan pertukaran data selama periode ini."),
    )
    rencana = forms.CharField(
        label=_("Rencana tindak lanjut"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=TEXT_LIMIT,
        required=True,
        help_text=_("Langkah yang akan diambil pada periode berikutnya."),
    )
