from django import forms
from django.utils.translation import gettext_lazy as _


class OTPCodeForm(forms.Form):
    """A code from the authenticator app, or one of the backup codes."""

    code = forms.CharField(
        label=_("Kode"),
        max_length=32,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "text",
                "autofocus": True,
                "spellcheck": "false",
            }
        ),
        help_text=_("Enam angka dari aplikasi autentikator, atau salah satu kode cadangan."),
    )


class OTPConfirmForm(forms.Form):
    """The first code the newly added authenticator shows, proving it was set up right."""

    code = forms.CharField(
        label=_("Kode dari aplikasi"),
        max_length=12,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
        help_text=_("Enam angka yang sedang ditampilkan aplikasi autentikator."),
    )
