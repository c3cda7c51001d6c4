from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from portal.choices import Role
from portal.registry import NavItem, registry

# The portal's own sections; the apps register theirs from AppConfig.ready(). Labels are marked for the
# message catalogue and translated per request.
PORTAL_NAV_ITEMS = (
    NavItem("portal:dashboard", gettext_noop("Beranda"), order=10),
    NavItem("portal:calendar", gettext_noop("Kalender"), order=15),
    NavItem("portal:admin_home", gettext_noop("Administrasi"), order=90, role=Role.ADMINISTRATOR.value),
)


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    items = []
    path = request.path
    for item in sorted((*PORTAL_NAV_ITEMS, *registry.nav_items), key=lambda item: item.order):
        if item.role and not user.is_portal_admin:
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        active = path == url if url == "/" else path.startswith(url)
        items.append({"url": url, "label": _(item.label), "active": active})
    unread = user.notifications.filter(read_at__isnull=True).count()
    return {"nav_items": items, "unread_notifications": unread}
