from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    name = "exchange.corrections"
    label = "exchange"
    verbose_name = _("Pertukaran data")

    def ready(self) -> None:
        from exchange.corrections import deadlines, search
        from portal.registry import registry

        deadlines.register(registry)
        registry.search_providers.register(search.search_provider)
