"""Administration of agreements: read everything, write nothing except through a service.

Every row of an agreement is written by a service of agreements.services, with its event, its history, the
clocks and dues that follow from it and the rights of whoever acts. The admin under /sistem/ therefore only
reads them: no add, change or delete (deleting a party would cascade to its contacts, letters and dues; an
extension added here would move no date; a force majeure added here would write no event, so no reminder
would see it). Its one action, recomputing the clocks, calls the service. Rights on an agreement come from
roles and the parties' teams (the agreement's Tim tab), so there are no per-object grant pages here.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _
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
from portal.admin import ReadOnlyAdmin, ReadOnlyInline


class PartyInline(ReadOnlyInline, admin.StackedInline):
    model = AgreementParty


class ScopeInline(ReadOnlyInline, admin.TabularInline):
    model = ScopeItem


class ClauseInline(ReadOnlyInline, admin.StackedInline):
    model = Clause


class ReadOnlyHistoryAdmin(ReadOnlyAdmin, SimpleHistoryAdmin):
    """A domain row with its simple-history trail, both only read."""


@admin.register(Agreement)
class AgreementAdmin(ReadOnlyHistoryAdmin):
    list_display = ("title", "kind", "signed_on", "ends_on", "notice_deadline", "terminated_on", "is_example")
    list_filter = ("kind", "is_example", "period_anchor")
    search_fields = ("title", "parties__number", "parties__institution__name")
    date_hierarchy = "signed_on"
    inlines = (PartyInline, ScopeInline, ClauseInline)
    actions = ("recompute_clocks",)

    @admin.action(description=_("Hitung ulang jam hukum dan jatuh tempo"))
    def recompute_clocks(self, request, queryset):
        done = 0
        for agreement in queryset:
            try:
                services.agreement_clocks_recompute(agreement=agreement, acting_user=request.user)
            except (PermissionDenied, ValidationError) as error:
                self.message_user(request, f"{agreement}: {_message_of(error)}", messages.ERROR)
            else:
                done += 1
        if done:
            self.message_user(request, _("Jam hukum dihitung ulang."))


def _message_of(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error) or str(_("Tidak berwenang."))


@admin.register(AgreementEvent)
class AgreementEventAdmin(ReadOnlyAdmin):
    """The audit trail of every transition: append-only."""

    list_display = ("occurred_at", "agreement", "kind", "summary", "actor")
    list_filter = ("kind",)
    list_select_related = ("agreement", "actor")
    search_fields = ("summary", "agreement__title")


@admin.register(Contact)
class ContactAdmin(ReadOnlyHistoryAdmin):
    list_display = ("unit", "party", "email", "phone", "valid_from", "valid_to")
    list_select_related = ("party__institution",)
    search_fields = ("unit", "email", "agreement__title")


@admin.register(Obligation)
class ObligationAdmin(ReadOnlyHistoryAdmin):
    list_display = ("title", "agreement", "party", "kind", "recurrence", "per_year")
    list_filter = ("kind", "recurrence")
    list_select_related = ("agreement", "party__institution")
    search_fields = ("title", "agreement__title")


@admin.register(ObligationDue)
class ObligationDueAdmin(ReadOnlyHistoryAdmin):
    list_display = ("obligation", "period_number", "due_on", "met_on", "waived_on")
    list_filter = ("obligation__kind",)
    list_select_related = ("obligation",)
    date_hierarchy = "due_on"


@admin.register(Document)
class DocumentAdmin(ReadOnlyHistoryAdmin):
    list_display = ("title", "agreement", "kind", "size", "sha256", "uploaded_at")
    list_filter = ("kind",)
    list_select_related = ("agreement",)
    search_fields = ("title", "sha256")


@admin.register(Letter)
class LetterAdmin(ReadOnlyAdmin):
    list_display = ("number", "subject", "direction", "kind", "issuer", "dated_on")
    list_filter = ("direction", "kind", "issuer")
    list_select_related = ("issuer",)
    search_fields = ("number", "subject")


@admin.register(LetterSequence)
class LetterSequenceAdmin(ReadOnlyAdmin):
    """Numbers are drawn by the service under a lock; a counter set back here would repeat a number."""

    list_display = ("institution", "year", "last_seq")
    list_select_related = ("institution",)


@admin.register(ForceMajeure)
class ForceMajeureAdmin(ReadOnlyHistoryAdmin):
    list_display = ("agreement", "party", "occurred_on", "notified_on", "ended_on")
    list_select_related = ("agreement", "party__institution")


@admin.register(Dispute)
class DisputeAdmin(ReadOnlyHistoryAdmin):
    list_display = ("subject", "agreement", "stage", "opened_on", "resolved_on")
    list_select_related = ("agreement",)


for model, fields in (
    (Amendment, ("title", "agreement", "kind", "signed_on", "extension_months")),
    (Notice, ("agreement", "kind", "from_party", "served_on", "terminates_on")),
    (MonevSession, ("agreement", "held_on", "place")),
    (Paraf, ("document", "party", "initialled_by", "initialled_on")),
):
    admin.site.register(model, ReadOnlyAdmin, list_display=fields)
