"""Expired sessions (which can hold search terms and personal data) and stale rate-limit counters go."""

from datetime import timedelta

from django.conf import settings
from django.contrib.sessions.models import Session
from django.utils import timezone

from portal.security import throttle


def purge_expired(*, now=None) -> dict[str, int]:
    """Delete what has expired; safe to run any number of times, by any number of workers at once."""
    now = now or timezone.now()
    sessions_deleted, _ = Session.objects.filter(expire_date__lt=now).delete()
    counters = throttle.purge(older_than=timedelta(seconds=settings.PASSWORD_RESET_WINDOW_SECONDS))
    return {"sessions": sessions_deleted, "counters": counters}
