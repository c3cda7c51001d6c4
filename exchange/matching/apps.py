"""Match runs (pemadanan) between two data set versions, their results and the berita acara."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "exchange.matching"
    label = "exchange_matching"
    verbose_name = _("Pemadanan data")

    def ready(self) -> None:
        from django.utils.translation import gettext_noop

        from portal.registry import AgreementLink, registry

        registry.agreement_links.register(
            AgreementLink(
                "matching:run_list",
                gettext_noop("Pemadanan data"),
                gettext_noop("Pemadanan dua versi data, hasilnya, berita acara, usulan perbaikan."),
                order=40,
                kwarg="agreement_pk",
            )
        )
