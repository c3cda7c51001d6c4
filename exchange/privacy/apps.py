"""Pasal 9 and UU PDP: acknowledgements, disclosures, subject access, incidents, end-of-term handling."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "exchange.privacy"
    label = "exchange_privacy"
    verbose_name = _("Pelindungan data pribadi")
