"""Match runs (pemadanan) between two data set versions, their results and the berita acara."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "exchange.matching"
    label = "exchange_matching"
    verbose_name = _("Pemadanan data")
