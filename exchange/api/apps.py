"""The web service for partner systems: credentials, endpoints and the exchange log."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "exchange.api"
    label = "exchange_api"
    verbose_name = _("Layanan web")

    def ready(self) -> None:
        from django.utils.translation import gettext_noop

        from portal.registry import AgreementLink, registry

        registry.agreement_links.register(
            AgreementLink(
                "api_portal:client_list",
                gettext_noop("Layanan web"),
                gettext_noop("Klien sistem mitra, pemakaiannya, dan log pertukaran."),
                order=50,
                kwarg="agreement_id",
            )
        )
