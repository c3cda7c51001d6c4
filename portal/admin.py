from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from portal.models import (
    CalendarFeedToken,
    Institution,
    Notification,
    OutboxMail,
    ReminderPolicy,
    ReminderPreference,
    SentReminder,
    User,
)


@admin.register(Institution)
class InstitutionAdmin(admin.ModelAdmin):
    list_display = ("name", "short_name", "email", "letter_number_format")
    search_fields = ("name", "short_name")


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ("username", "get_full_name", "email", "institution", "is_active")
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


@admin.register(OutboxMail)
class OutboxMailAdmin(admin.ModelAdmin):
    list_display = ("subject", "status", "attempts", "created_at", "sent_at")
    list_filter = ("status", "kind")
    search_fields = ("subject",)
    readonly_fields = [f.name for f in OutboxMail._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
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
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(ReminderPreference)
class ReminderPreferenceAdmin(admin.ModelAdmin):
    list_display = ("user", "weekly_digest", "muted_kinds", "updated_at")
    list_select_related = ("user",)
    search_fields = ("user__username",)


@admin.register(SentReminder)
class SentReminderAdmin(admin.ModelAdmin):
    list_display = ("deadline_key", "milestone", "kind", "deadline_on", "sent_on", "recipient")
    list_filter = ("kind", "milestone", "sent_on")
    search_fields = ("deadline_key",)
    readonly_fields = [f.name for f in SentReminder._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(CalendarFeedToken)
class CalendarFeedTokenAdmin(admin.ModelAdmin):
    """Administrators see who has a feed link and may revoke it; the link itself is never shown here."""

    list_display = ("user", "created_at", "last_used_at", "revoked_at")
    list_select_related = ("user",)
    fields = ("user", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("user", "created_at", "last_used_at")

    def has_add_permission(self, request):
        return False
