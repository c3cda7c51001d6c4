from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SecurityConfig(AppConfig):
    name = "portal.security"
    label = "security"
    verbose_name = _("Keamanan")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from portal.security import sessions

        # At login, not on the first page after it: the session carries its clocks from its very first
        # save, so `force_login` in tests and the login view behave the same.
        user_logged_in.connect(sessions.start_clocks, dispatch_uid="portal.security.start_clocks")
