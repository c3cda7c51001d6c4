from django import forms
from django.utils.translation import gettext_lazy as _

SECRET = forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"})


class CredentialForm(forms.Form):
    """The receiving party's SIASN access. Secrets are never shown back; left empty, they stay as stored."""

    gateway_url = forms.URLField(label=_("Alamat gateway API"), max_length=300, assume_scheme="https")
    sso_url = forms.URLField(label=_("Alamat SSO"), max_length=300, assume_scheme="https")
    consumer_key = forms.CharField(label=_("Consumer key"), required=False, widget=SECRET, max_length=300)
    consumer_secret = forms.CharField(
        label=_("Consumer secret"), required=False, widget=SECRET, max_length=300
    )
    sso_username = forms.CharField(
        label=_("Nama pengguna operator SSO"),
        required=False,
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    sso_password = forms.CharField(
        label=_("Kata sandi operator SSO"), required=False, widget=SECRET, max_length=300
    )
    sso_token = forms.CharField(
        label=_("Token SSO (ditempel)"),
        required=False,
        max_length=8000,
        widget=forms.Textarea(attrs={"rows": 3, "autocomplete": "off"}),
        help_text=_("Bila operator menempelkan tokennya sendiri; kosongkan bila memakai login operator."),
    )
    sso_token_expires_at = forms.DateTimeField(
        label=_("Token SSO berlaku hingga"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    max_concurrency = forms.IntegerField(label=_("Panggilan serentak maksimum"), min_value=1, max_value=64)
    rate_per_second = forms.FloatField(
        label=_("Panggilan per detik maksimum"),
        min_value=0,
        max_value=1000,
        help_text=_("0 berarti tanpa batas laju (hanya batas panggilan serentak)."),
    )
