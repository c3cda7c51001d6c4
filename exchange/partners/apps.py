"""Partner systems: the SIASN client and the SIASN simulator."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "exchange.partners"
    label = "exchange_partners"
    verbose_name = _("Sistem mitra")

    def ready(self) -> None:

        from django.utils.translation import gettext_noop

        from exchange.partners import deadlines
        from portal.registry import AgreementLink, registry

        deadlines.register(registry)
        registry.agreement_links.register(
            AgreementLink(
                "partners:credential_edit",
                gettext_noop("Kredensial SIASN"),
                gettext_noop("Kunci gateway dan token SSO operator untuk menarik data dari SIASN."),
                order=20,
                kwarg="agreement_pk",
            )
        )
