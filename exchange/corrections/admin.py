"""Administration of the correction proposals: the access log is read-only. Proposals are not edited here:
every change to one goes through a service step with its event.
"""

from django.contrib import admin

from exchange.corrections.models import PersonalDataAccess
from portal.admin import ReadOnlyAdmin


@admin.register(PersonalDataAccess)
class PersonalDataAccessAdmin(ReadOnlyAdmin):
    """Append-only: administrators read who read personal data, and nothing more."""

    list_display = ("occurred_at", "user", "institution", "action", "proposal", "row_count")
    list_filter = ("action", "institution")
    list_select_related = ("user", "institution", "proposal")
    date_hierarchy = "occurred_at"
