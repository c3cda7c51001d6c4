"""Pages of the partner systems: the SIASN credentials of the user's party and the status of its tokens.

Secrets go in and never come out: the form shows whether each one is stored, not its value.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from agreements.selectors import agreements_visible_to
from exchange.partners import selectors, services
from exchange.partners.forms import CredentialForm
from exchange.partners.models import SiasnCredential


@login_required
def credential_list(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    credentials = list(selectors.credentials_visible_to(request.user).order_by("agreement__title"))
    for credential in credentials:
        credential.statuses = credential.token_status(now=now)
    have = {c.agreement_id for c in credentials}
    manageable = list(selectors.manageable_agreements(request.user).exclude(pk__in=have).order_by("title"))
    return render(
        request,
        "exchange/partners/credential_list.html",
        {"credentials": credentials, "manageable": manageable},
    )


@login_required
def credential_edit(request: HttpRequest, agreement_pk: int) -> HttpResponse:
    agreement = get_object_or_404(
        agreements_visible_to(request.user).prefetch_related("parties"), pk=agreement_pk
    )
    if not selectors.can_manage(request.user, agreement):
        raise PermissionDenied(_("Anda tidak berhak mengelola kredensial SIASN perjanjian ini."))
    party = selectors.receiving_party(request.user, agreement)
    credential = SiasnCredential.objects.filter(agreement=agreement, party=party).first()
    initial = {"max_concurrency": 4, "rate_per_second": 1.0}
    if credential is not None:
        initial = {
            "gateway_url": credential.gateway_url,
            "sso_url": credential.sso_url,
            "sso_username": credential.sso_username,
            "sso_token_expires_at": credential.sso_token_expires_at,
            "max_concurrency": credential.max_concurrency,
            "rate_per_second": credential.rate_per_second,
        }
    form = CredentialForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.credential_save(agreement=agreement, acting_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for name, errors in exc.message_dict.items():
                    form.add_error(name if name in form.fields else None, errors)
            else:
                form.add_error(None, exc.messages)
        else:
            messages.success(request, _("Kredensial SIASN disimpan (terenkripsi)."))
            return redirect("partners:credential_list")
    return render(
        request,
        "exchange/partners/credential_form.html",
        {
            "agreement": agreement,
            "form": form,
            "credential": credential,
            "token_status": credential.token_status(now=timezone.now()) if credential else [],
            "stored": [
                name for name in services.SECRETS if credential and getattr(credential, f"{name}_sealed")
            ],
        },
    )
