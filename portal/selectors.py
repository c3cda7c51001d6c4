"""Reads of the portal core, scoped by who asks."""

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet

from portal.models import AdminEvent, Institution, Notification, OutboxMail, User


def outbox_visible_to(user: User) -> QuerySet[OutboxMail]:
    """The outbox is read by administrators only: it holds mail to every institution."""
    if not user.is_authenticated or not user.is_portal_admin:
        raise PermissionDenied
    return OutboxMail.objects.all()


def notifications_of(user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user)


def _require_admin(user: User) -> None:
    if not user.is_authenticated or not user.is_portal_admin:
        raise PermissionDenied


def institutions_for_admin(user: User) -> QuerySet[Institution]:
    """Every institution with its number of users; the Administrator's list."""
    _require_admin(user)
    return Institution.objects.annotate(
        user_count=Count("users", distinct=True),
        active_count=Count("users", filter=Q(users__is_active=True), distinct=True),
    ).order_by("name")


def users_for_admin(
    user: User, *, query: str = "", institution: Institution | None = None, role: str = "", active: str = ""
) -> QuerySet[User]:
    """Every user, filtered, with institution and roles loaded; the Administrator's list."""
    _require_admin(user)
    qs = User.objects.select_related("institution").prefetch_related("groups")
    if query:
        qs = qs.filter(
            Q(username__icontains=query)
            | Q(first_name__icontains=query)
            | Q(last_name__icontains=query)
            | Q(email__icontains=query)
        )
    if institution is not None:
        qs = qs.filter(institution=institution)
    if role:
        qs = qs.filter(groups__name=role)
    if active in ("0", "1"):
        qs = qs.filter(is_active=active == "1")
    return qs.order_by("institution__name", "username").distinct()


def admin_events(user: User, *, institution_id: int | None = None, user_id: int | None = None):
    """The administration's history, newest first."""
    _require_admin(user)
    qs = AdminEvent.objects.select_related("actor", "institution", "user")
    if institution_id:
        qs = qs.filter(institution_id=institution_id)
    if user_id:
        qs = qs.filter(user_id=user_id)
    return qs
