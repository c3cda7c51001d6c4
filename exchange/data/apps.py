"""The data half's base: the data-field catalogue, the Lampiran per direction, data sets and their records,
NIP and name normalisation, roster import.
"""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DataConfig(AppConfig):
    name = "exchange.data"
    label = "exchange_data"
    verbose_name = _("Data yang dipertukarkan")

    def ready(self) -> None:
        from django.utils.translation import gettext_noop

        from exchange.data.annex_text import annex_tables
        from portal.registry import AgreementAnnex, AgreementLink, registry

        registry.agreement_annexes.register(AgreementAnnex("data_fields", annex_tables))

        registry.agreement_links.register(
            AgreementLink(
                "data:dataset_list",
                gettext_noop("Himpunan data"),
                gettext_noop("Data tiap pihak menurut Lampiran: versi, impor berkas, unduhan."),
                order=10,
            )
        )
        registry.agreement_links.register(
            AgreementLink(
                "lampiran:lampiran_detail",
                gettext_noop("Lampiran"),
                gettext_noop("Elemen data per arah, versi dan adendumnya, usulan perubahan."),
                order=5,
                kwarg="pk",
                tab=True,
            )
        )
