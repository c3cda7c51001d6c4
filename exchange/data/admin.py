"""Administration of the data-field catalogue (reference data, kept here) and the Lampiran lines (read only).

A Lampiran line is part of what the parties agreed: it changes by the agreement's own services, both parties
agreeing, never by an administrator's hand.
"""

from django.contrib import admin

from exchange.data.models import AnnexField, DataField
from portal.admin import ReadOnlyAdmin


@admin.register(DataField)
class DataFieldAdmin(admin.ModelAdmin):
    list_display = ("code", "label", "data_type", "sensitivity", "order")
    list_filter = ("data_type", "sensitivity")
    search_fields = ("code", "label")
    ordering = ("order", "code")


@admin.register(AnnexField)
class AnnexFieldAdmin(ReadOnlyAdmin):
    list_display = ("agreement", "provider", "receiver", "field", "note")
    list_filter = ("agreement",)
    list_select_related = ("agreement", "provider__institution", "receiver__institution", "field")
