"""Administration of the data-field catalogue and the Lampiran lines."""

from django.contrib import admin

from exchange.data.models import AnnexField, DataField


@admin.register(DataField)
class DataFieldAdmin(admin.ModelAdmin):
    list_display = ("code", "label", "data_type", "sensitivity", "order")
    list_filter = ("data_type", "sensitivity")
    search_fields = ("code", "label")
    ordering = ("order", "code")


@admin.register(AnnexField)
class AnnexFieldAdmin(admin.ModelAdmin):
    list_display = ("agreement", "provider", "receiver", "field", "note")
    list_filter = ("agreement",)
    list_select_related = ("agreement", "provider__institution", "receiver__institution", "field")
    autocomplete_fields = ("field",)
    raw_id_fields = ("agreement", "provider", "receiver")
