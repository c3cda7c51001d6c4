"""Counters behind the rate limits of unauthenticated endpoints (password reset)."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ThrottleHit(models.Model):
    """One counted request against a rate limit: which limit (scope) and whose key, as a keyed hash.

    The key is an HMAC of the address or e-mail, never the value itself, so the table holds no personal
    data; rows older than the longest window are purged with the expired sessions.
    """

    scope = models.CharField(_("cakupan"), max_length=40)
    key = models.CharField(_("kunci (hash)"), max_length=64)
    created_at = models.DateTimeField(_("waktu"), default=timezone.now)

    class Meta:
        verbose_name = _("hitungan batas permintaan")
        verbose_name_plural = _("hitungan batas permintaan")
        indexes = [models.Index(fields=["scope", "key", "created_at"], name="security_throttle_lookup")]

    def __str__(self) -> str:
        return f"{self.scope} {self.created_at:%Y-%m-%d %H:%M}"
