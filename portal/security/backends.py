"""The password-spraying limit as an authentication backend, so that it holds on every login form (the
portal's, the admin site's) and not only on the page that shows its message."""

from django.core.exceptions import PermissionDenied

from portal.security import throttle


class AddressLimitBackend:
    """Refuses any password check from an address over its failure limit; authenticates no one itself."""

    def authenticate(self, request, **credentials):
        if request is not None and throttle.address_over_login_limit(request):
            raise PermissionDenied
        return None

    # No get_user: a backend with one could be chosen by force_login and would then load no one.
