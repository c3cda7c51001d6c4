"""Semester reports of the use and exchange of data (Pasal 3(2))."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "exchange.reports"
    label = "exchange_reports"
    verbose_name = _("Laporan")
