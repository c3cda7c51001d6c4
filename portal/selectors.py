"""Reads of the portal core, scoped by who asks."""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from portal.models import Notification, OutboxMail, User


def outbox_visible_to(user: User) -> QuerySet[OutboxMail]:
    """The outbox is read by administrators only: it holds mail to every institution."""
    if not user.is_authenticated or not user.is_portal_admin:
        raise PermissionDenied
    return OutboxMail.objects.all()


def notifications_of(user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user)
