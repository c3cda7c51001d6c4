"""The web service for partner systems: credentials, endpoints and the exchange log."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "exchange.api"
    label = "exchange_api"
    verbose_name = _("Layanan web")
