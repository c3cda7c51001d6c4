"""Sync runs that fill data sets from partner systems."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SyncConfig(AppConfig):
    name = "exchange.sync"
    label = "exchange_sync"
    verbose_name = _("Sinkronisasi")

    def ready(self) -> None:
        from django.utils.translation import gettext_noop

        from portal.registry import AgreementLink, NavItem, registry

        registry.nav_items.register(NavItem("sync:run_list", gettext_noop("Sinkronisasi SIASN"), order=45))
        registry.agreement_links.register(
            AgreementLink(
                "sync:run_list",
                gettext_noop("Sinkronisasi SIASN"),
                gettext_noop("Penarikan data per NIP dari SIASN, kemajuan dan hasilnya."),
                order=30,
                query="perjanjian",
            )
        )
