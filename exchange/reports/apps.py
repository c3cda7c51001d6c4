"""Semester reports of the use and exchange of data (Pasal 3(2))."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "exchange.reports"
    label = "exchange_reports"
    verbose_name = _("Laporan")

    def ready(self) -> None:
        from django.utils.translation import gettext_noop

        from portal.registry import AgreementLink, registry

        registry.agreement_links.register(
            AgreementLink(
                "reports:period_list",
                gettext_noop("Laporan berkala"),
                gettext_noop(
                    "Laporan pemanfaatan dan pertukaran data per periode: susun, lengkapi, terbitkan."
                ),
                order=60,
                kwarg="agreement_pk",
            )
        )
