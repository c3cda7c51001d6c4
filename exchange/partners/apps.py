"""Partner systems: the SIASN client and the SIASN simulator."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "exchange.partners"
    label = "exchange_partners"
    verbose_name = _("Sistem mitra")

    def ready(self) -> None:
        from exchange.partners import deadlines
        from portal.registry import registry

        deadlines.register(registry)
