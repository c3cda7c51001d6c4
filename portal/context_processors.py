from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from portal.choices import Role

# (url name, label, who sees it) — the section of the site each entry opens. Labels are marked here for
# the message catalogue and translated per request.
NAV_ITEMS = (
    ("portal:dashboard", gettext_noop("Beranda"), None),
    ("agreements:agreement_list", gettext_noop("Perjanjian"), None),
    ("exchange:proposal_list", gettext_noop("Usulan Perbaikan"), None),
    ("exchange:exchange_home", gettext_noop("Pertukaran Data"), None),
    ("portal:admin_home", gettext_noop("Admin"), Role.ADMINISTRATOR),
)


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    items = []
    path = request.path
    for name, label, role in NAV_ITEMS:
        if role and not user.is_portal_admin:
            continue
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        active = path == url if url == "/" else path.startswith(url)
        items.append({"url": url, "label": _(label), "active": active})
    unread = user.notifications.filter(read_at__isnull=True).count()
    return {"nav_items": items, "unread_notifications": unread}
