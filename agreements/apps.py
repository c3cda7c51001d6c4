from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgreementsConfig(AppConfig):
    name = "agreements"
    verbose_name = _("Perjanjian")

    def ready(self) -> None:
        from agreements import deadlines, search
        from portal.registry import registry

        deadlines.register(registry)
        registry.search_providers.register(search.search_provider)
