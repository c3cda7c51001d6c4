"""Administration of the exchange app: the field catalogue and annexes are kept here; the access log is
read-only. Proposals are not edited here: every change to one goes through a service step with its event.
"""

from django.contrib import admin

from exchange.models import AnnexField, DataField, PersonalDataAccess


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


@admin.register(PersonalDataAccess)
class PersonalDataAccessAdmin(admin.ModelAdmin):
    """Append-only: administrators read who read personal data, and nothing more."""

    list_display = ("occurred_at", "user", "institution", "action", "proposal", "row_count")
    list_filter = ("action", "institution")
    list_select_related = ("user", "institution", "proposal")
    date_hierarchy = "occurred_at"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
