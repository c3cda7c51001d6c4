"""Administration of the data-field catalogue (reference data, kept here) and the Lampiran lines (read only).

A Lampiran line is part of what the parties agreed: it changes by the agreement's own services, both parties
agreeing, never by an administrator's hand.
"""

from django.contrib import admin

from exchange.data.models import (
    AnnexField,
    DataAccess,
    DataField,
    DataImport,
    DataSet,
    DataSetVersion,
    LampiranChange,
    LampiranVersion,
)
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


@admin.register(LampiranVersion)
class LampiranVersionAdmin(ReadOnlyAdmin):
    list_display = ("agreement", "number", "valid_from", "amendment", "created_at")
    list_select_related = ("agreement", "amendment")


@admin.register(LampiranChange)
class LampiranChangeAdmin(ReadOnlyAdmin):
    list_display = ("agreement", "provider", "receiver", "status", "proposed_at", "decided_at")
    list_filter = ("status",)
    list_select_related = ("agreement", "provider__institution", "receiver__institution")


class ReadOnlyAdmin(admin.ModelAdmin):
    """Oversight only: data sets change through the import and sync services, and the access log never."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(DataSet)
class DataSetAdmin(ReadOnlyAdmin):
    list_display = ("name", "agreement", "provider", "receiver", "created_at")
    list_select_related = ("agreement", "provider__institution", "receiver__institution")


@admin.register(DataSetVersion)
class DataSetVersionAdmin(ReadOnlyAdmin):
    list_display = ("dataset", "number", "status", "source_kind", "source_name", "row_count", "created_at")
    list_filter = ("status", "source_kind")
    list_select_related = ("dataset",)


@admin.register(DataImport)
class DataImportAdmin(ReadOnlyAdmin):
    list_display = ("dataset", "file_name", "status", "row_count", "problem_count", "created_at")
    list_filter = ("status",)
    list_select_related = ("dataset",)
    exclude = ("preview", "problems")


@admin.register(DataAccess)
class DataAccessAdmin(ReadOnlyAdmin):
    list_display = ("occurred_at", "user", "institution", "action", "version", "row_count")
    list_filter = ("action",)
    list_select_related = ("user", "institution", "version")
