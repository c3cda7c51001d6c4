"""Administration of agreements: read and correct records; lifecycle changes go through the portal's pages.

The clocks (ends_on, notice_deadline, terminated_on) are the services' own and are read-only here; saving an
agreement in the admin recomputes them through the same service the edit page uses.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from guardian.admin import GuardedModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from agreements import services
from agreements.models import (
    Agreement,
    AgreementEvent,
    AgreementParty,
    Amendment,
    Clause,
    Contact,
    Dispute,
    Document,
    ForceMajeure,
    Letter,
    LetterSequence,
    MonevSession,
    Notice,
    Obligation,
    ObligationDue,
    Paraf,
    ScopeItem,
)


class PartyInline(admin.StackedInline):
    model = AgreementParty
    extra = 0
    autocomplete_fields = ("institution",)


class ScopeInline(admin.TabularInline):
    model = ScopeItem
    extra = 0


class ClauseInline(admin.StackedInline):
    model = Clause
    extra = 0


@admin.register(Agreement)
class AgreementAdmin(GuardedModelAdmin, SimpleHistoryAdmin):
    list_display = ("title", "kind", "signed_on", "ends_on", "notice_deadline", "terminated_on", "is_example")
    list_filter = ("kind", "is_example", "period_anchor")
    search_fields = ("title", "parties__number", "parties__institution__name")
    date_hierarchy = "signed_on"
    readonly_fields = (
        "ends_on",
        "notice_deadline",
        "terminated_on",
        "created_by",
        "created_at",
        "updated_at",
    )
    inlines = (PartyInline, ScopeInline, ClauseInline)
    actions = ("recompute_clocks",)

    def save_model(self, request, obj, form, change):
        if change:
            # Field edits go through the service: the clocks and the dues follow, with an event row.
            fields = {
                name: form.cleaned_data[name]
                for name in services.AGREEMENT_FIELDS
                if name in form.cleaned_data
            }
            services.agreement_update(
                agreement=Agreement.objects.get(pk=obj.pk), acting_user=request.user, fields=fields
            )
            obj.refresh_from_db()
        else:
            obj.created_by = request.user
            services.refresh_clocks(obj)
            super().save_model(request, obj, form, change)

    @admin.action(description=_("Hitung ulang jam hukum dan jatuh tempo"))
    def recompute_clocks(self, request, queryset):
        for agreement in queryset:
            services.agreement_clocks_recompute(agreement=agreement, acting_user=request.user)
        self.message_user(request, _("Jam hukum dihitung ulang."))


@admin.register(Contact)
class ContactAdmin(SimpleHistoryAdmin):
    list_display = ("unit", "party", "email", "phone", "valid_from", "valid_to")
    list_select_related = ("party__institution",)
    search_fields = ("unit", "email", "agreement__title")


@admin.register(Obligation)
class ObligationAdmin(SimpleHistoryAdmin):
    list_display = ("title", "agreement", "party", "kind", "recurrence", "per_year")
    list_filter = ("kind", "recurrence")
    list_select_related = ("agreement", "party__institution")
    search_fields = ("title", "agreement__title")


@admin.register(ObligationDue)
class ObligationDueAdmin(SimpleHistoryAdmin):
    list_display = ("obligation", "period_number", "due_on", "met_on", "waived_on")
    list_filter = ("obligation__kind",)
    list_select_related = ("obligation",)
    date_hierarchy = "due_on"
    raw_id_fields = ("obligation", "evidence")


@admin.register(Document)
class DocumentAdmin(SimpleHistoryAdmin):
    list_display = ("title", "agreement", "kind", "size", "sha256", "uploaded_at")
    list_filter = ("kind",)
    list_select_related = ("agreement",)
    readonly_fields = (
        "file",
        "original_name",
        "content_type",
        "size",
        "sha256",
        "uploaded_by",
        "uploaded_at",
    )
    search_fields = ("title", "sha256")

    def has_add_permission(self, request):
        return False  # uploads go through the portal, which checks type and size and takes the SHA-256


@admin.register(Letter)
class LetterAdmin(admin.ModelAdmin):
    list_display = ("number", "subject", "direction", "kind", "issuer", "dated_on")
    list_filter = ("direction", "kind", "issuer")
    list_select_related = ("issuer",)
    search_fields = ("number", "subject")
    readonly_fields = ("seq", "year", "number", "issuer", "direction")

    def has_add_permission(self, request):
        return False  # numbers are drawn by the service, under a lock


@admin.register(LetterSequence)
class LetterSequenceAdmin(admin.ModelAdmin):
    list_display = ("institution", "year", "last_seq")
    list_select_related = ("institution",)


@admin.register(AgreementEvent)
class AgreementEventAdmin(admin.ModelAdmin):
    list_display = ("occurred_at", "agreement", "kind", "summary", "actor")
    list_filter = ("kind",)
    list_select_related = ("agreement", "actor")
    search_fields = ("summary", "agreement__title")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


for model, fields in (
    (Amendment, ("title", "agreement", "kind", "signed_on", "extension_months")),
    (Notice, ("agreement", "kind", "from_party", "served_on", "terminates_on")),
    (ForceMajeure, ("agreement", "party", "occurred_on", "notified_on", "ended_on")),
    (Dispute, ("subject", "agreement", "stage", "opened_on", "resolved_on")),
    (MonevSession, ("agreement", "held_on", "place")),
    (Paraf, ("document", "party", "initialled_by", "initialled_on")),
):
    admin.site.register(model, list_display=fields)
