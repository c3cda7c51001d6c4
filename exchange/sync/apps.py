"""Sync runs that fill data sets from partner systems."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SyncConfig(AppConfig):
    name = "exchange.sync"
    label = "exchange_sync"
    verbose_name = _("Sinkronisasi")

    def ready(self) -> None:
        from django.utils.translation import gettext_noop

        from portal.registry import NavItem, registry

        registry.nav_items.register(NavItem("sync:run_list", gettext_noop("Sinkronisasi SIASN"), order=45))
