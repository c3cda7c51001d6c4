"""Pasal 9 and UU PDP: acknowledgements, disclosures, subject access, incidents, end-of-term handling."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "exchange.privacy"
    label = "exchange_privacy"
    verbose_name = _("Pelindungan data pribadi")

    def ready(self) -> None:
        from django.utils.translation import gettext_noop

        from agreements.selectors import Right
        from exchange.privacy import deadlines, gate, report
        from portal.registry import AccessGate, AgreementLink, ReportSection, registry

        registry.access_gates.register(
            AccessGate(right=Right.VIEW_PERSONAL_DATA.value, check=gate.acknowledged)
        )
        deadlines.register(registry)
        registry.report_sections.register(
            ReportSection(code="disclosures", order=70, collect=report.collect, present=report.present)
        )
        registry.report_sections.register(
            ReportSection(
                code="incidents", order=75, collect=report.collect_incidents, present=report.present_incidents
            )
        )
        registry.agreement_links.register(
            AgreementLink(
                "privacy:agreement_privacy",
                gettext_noop("Pelindungan data pribadi"),
                gettext_noop(
                    "Pernyataan kerahasiaan Pasal 9 sebelum akses data pribadi; register pengungkapan."
                ),
                order=70,
                kwarg="agreement_pk",
            )
        )
