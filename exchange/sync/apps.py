"""Sync runs that fill data sets from partner systems."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SyncConfig(AppConfig):
    name = "exchange.sync"
    label = "exchange_sync"
    verbose_name = _("Sinkronisasi")
