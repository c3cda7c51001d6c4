"""/sistem/: the Django admin, for superusers only, and the read-only base every app's admin uses.

Institutions and users are managed in the portal's own administration pages (`portal.views_admin`), whose
services record every change; here they are only read. Everything that is a record of what happened (mails,
bell lines, reminders sent, the administration's history) is read here and never changed: the services
write it, in their transaction.
"""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from portal.models import (
    AdminEvent,
    CalendarFeedToken,
    Institution,
    Notification,
    OutboxMail,
    ReminderPolicy,
    ReminderPreference,
    SentReminder,
    User,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows the admin only reads: domain rows that only a service may write, and audit rows.

    Without add, change and delete permission Django shows the change page without a save button and
    answers 403 to a POST. The history pages of simple-history would still save a POSTed old version
    ("revert") on view permission alone, so saving and deleting are refused here as well, whatever the
    view that tries.
    """

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def save_model(self, request, obj, form, change):
        raise PermissionDenied

    def delete_model(self, request, obj):
        raise PermissionDenied

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


class ReadOnlyInline:
    """An inline that lists the rows of its parent and changes none of them."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


def superusers_only(request) -> bool:
    """The Django admin opens for active superusers; staff flags alone no longer let anyone in."""
    return bool(request.user.is_active and request.user.is_superuser)


admin.site.has_permission = superusers_only


@admin.register(Institution)
class InstitutionAdmin(ReadOnlyAdmin):
    """Kept in the portal's administration (Administrasi > Instansi), where each change is recorded."""

    list_display = ("name", "short_name", "email", "letter_number_format")
    search_fields = ("name", "short_name")


@admin.register(User)
class UserAdmin(ReadOnlyAdmin, DjangoUserAdmin):
    """Kept in the portal's administration (Administrasi > Pengguna): invitations, roles, deactivation."""

    list_display = ("username", "full_name", "email", "institution", "is_active")
    list_filter = ("institution", "groups", "is_active", "is_staff")
    list_select_related = ("institution",)
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (_("Instansi"), {"fields": ("institution", "position", "phone")}),
    )
    add_fieldsets = (
        *DjangoUserAdmin.add_fieldsets,
        (_("Instansi"), {"fields": ("email", "first_name", "last_name", "institution", "position")}),
    )

    @admin.display(description=_("nama lengkap"), ordering="first_name")
    def full_name(self, obj: User) -> str:
        return obj.get_full_name()


@admin.register(AdminEvent)
class AdminEventAdmin(ReadOnlyAdmin):
    """The administration's history: written by portal.administration, never changed."""

    list_display = ("occurred_at", "actor", "kind", "summary")
    list_filter = ("kind",)
    list_select_related = ("actor",)


@admin.register(OutboxMail)
class OutboxMailAdmin(ReadOnlyAdmin):
    """The outbox is the record of every mail the portal sent or will send; the sender task alone moves it."""

    list_display = ("subject", "status", "attempts", "created_at", "sent_at")
    list_filter = ("status", "kind")
    search_fields = ("subject",)


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    """Bell lines are written by the services that cause them and read by their user."""

    list_display = ("title", "user", "created_at", "read_at")
    list_select_related = ("user",)


@admin.register(ReminderPolicy)
class ReminderPolicyAdmin(admin.ModelAdmin):
    """Administrators change when reminders go out; legal notices can never be switched off."""

    list_display = ("kind", "days_before", "on_the_day", "overdue_every_days", "is_active", "updated_at")
    readonly_fields = ("kind", "updated_at", "updated_by")
    fields = (
        "kind",
        "days_before",
        "on_the_day",
        "overdue_every_days",
        "is_active",
        "updated_at",
        "updated_by",
    )

    def has_add_permission(self, request):
        return False  # one row per kind, made by the migration

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        from portal.reminders import policy_save

        # The same service as the portal's own policy page: checked, attributed and logged.
        policy_save(policy=obj, acting_user=request.user)


@admin.register(ReminderPreference)
class ReminderPreferenceAdmin(ReadOnlyAdmin):
    """Each user sets their own preferences in the portal (reminders.preference_update)."""

    list_display = ("user", "weekly_digest", "muted_kinds", "updated_at")
    list_select_related = ("user",)
    search_fields = ("user__username",)


@admin.register(SentReminder)
class SentReminderAdmin(ReadOnlyAdmin):
    """The once-only ledger of reminders: a row deleted here would send its reminder again."""

    list_display = ("deadline_key", "milestone", "kind", "deadline_on", "sent_on", "recipient")
    list_filter = ("kind", "milestone", "sent_on")
    search_fields = ("deadline_key",)


@admin.register(CalendarFeedToken)
class CalendarFeedTokenAdmin(admin.ModelAdmin):
    """Administrators see who has a feed link and may revoke it; the link itself is never shown here."""

    list_display = ("user", "created_at", "last_used_at", "revoked_at")
    list_select_related = ("user",)
    fields = ("user", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("user", "created_at", "last_used_at")

    def has_add_permission(self, request):
        return False
