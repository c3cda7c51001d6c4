"""The web-service pages of the portal: per agreement the API clients (issue, revoke, the secret shown once),
their use per day as a chart, and the exchange log, filterable; the providing party sees who received what.

Every read goes through the selectors (the user's own directions only); every write through the services.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from agreements.models import Agreement, AgreementParty
from agreements.selectors import VIEW_PERSONAL_DATA, agreements_visible_to, user_can
from exchange.api import selectors, services
from exchange.api.chart import usage_chart
from exchange.api.forms import ClientIssueForm, ClientRevokeForm, LogFilterForm, NipSearchForm
from exchange.data.models import AnnexField

NIP_SESSION_KEY = "api_log_nip"
LOG_PAGE_SIZE = 50


def _agreement(request: HttpRequest, agreement_id: int) -> Agreement:
    parties = AgreementParty.objects.select_related("institution").order_by("order")
    visible = agreements_visible_to(request.user).prefetch_related(Prefetch("parties", queryset=parties))
    return get_object_or_404(visible, pk=agreement_id)


def _lampiran_directions(agreement: Agreement) -> list[tuple[AgreementParty, AgreementParty]]:
    parties = {party.pk: party for party in agreement.parties.all()}
    pairs = (
        AnnexField.objects.filter(agreement=agreement)
        .values_list("provider_id", "receiver_id")
        .distinct()
        .order_by("provider_id", "receiver_id")
    )
    return [(parties[giver], parties[taker]) for giver, taker in pairs]


def _receivable_directions(user, agreement: Agreement) -> list[tuple[AgreementParty, AgreementParty]]:
    """Lampiran directions in which the user may issue credentials (their party receives, they lead it)."""
    return [pair for pair in _lampiran_directions(agreement) if services.can_issue(user, receiver=pair[1])]


def _without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def agreement_list(request: HttpRequest) -> HttpResponse:
    agreements = selectors.agreements_with_clients(request.user)
    return render(request, "exchange/api/agreement_list.html", {"agreements": agreements})


def _client_page(
    request: HttpRequest, agreement: Agreement, *, form: ClientIssueForm | None = None, status=200
):
    directions = _receivable_directions(request.user, agreement)
    if form is None and directions:
        form = ClientIssueForm(directions=directions)
    now = timezone.now()
    clients = list(selectors.clients_of(request.user, agreement))
    for client in clients:
        client.state_text = selectors.state_label(client, now)
        client.state_code = client.state_at(now)
        client.may_revoke = client.state_code != "revoked" and services.can_revoke(request.user, client)
    series = selectors.usage_series(request.user, agreement, today=timezone.localdate(now))
    context = {
        "agreement": agreement,
        "clients": clients,
        "form": form,
        "revoke_form": ClientRevokeForm(),
        "chart": usage_chart(series),
        "totals": {"calls": sum(d.calls for d in series), "records": sum(d.records for d in series)},
    }
    return render(request, "exchange/api/client_list.html", context, status=status)


def client_list(request: HttpRequest, agreement_id: int) -> HttpResponse:
    return _client_page(request, _agreement(request, agreement_id))


@never_cache
@require_POST
def client_issue(request: HttpRequest, agreement_id: int) -> HttpResponse:
    agreement = _agreement(request, agreement_id)
    # Any Lampiran direction validates here; the service decides whether this user may issue for it.
    form = ClientIssueForm(request.POST, directions=_lampiran_directions(agreement))
    if not form.is_valid():
        return _client_page(request, agreement, form=form, status=400)
    provider, receiver = form.direction_parties()
    try:
        issued = services.api_client_issue(
            agreement=agreement,
            provider=provider,
            receiver=receiver,
            acting_user=request.user,
            name=form.cleaned_data["name"],
            expires_on=form.cleaned_data["expires_on"],
            daily_record_quota=form.cleaned_data["daily_record_quota"],
        )
    except ValidationError as error:
        for message in error.messages:
            form.add_error(None, message)
        return _client_page(request, agreement, form=form, status=400)
    # Rendered, not redirected: the secret exists only in this one response (no-store, never cached).
    return render(
        request,
        "exchange/api/client_issued.html",
        {"agreement": agreement, "client": issued.client, "secret": issued.secret},
    )


@require_POST
def client_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    client = get_object_or_404(selectors.clients_visible_to(request.user), pk=pk)
    form = ClientRevokeForm(request.POST)
    form.is_valid()
    try:
        services.api_client_revoke(
            client=client, acting_user=request.user, reason=form.cleaned_data.get("reason", "")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("Kredensial %(id)s dicabut; tokennya tidak berlaku lagi.") % {"id": client.client_id}
        )
    return redirect("api_portal:client_list", client.agreement_id)


def log_list(request: HttpRequest, agreement_id: int) -> HttpResponse:
    agreement = _agreement(request, agreement_id)
    may_search = user_can(request.user, VIEW_PERSONAL_DATA, agreement)
    searches = request.session.get(NIP_SESSION_KEY, {})
    key = str(agreement.pk)
    search_form = NipSearchForm()
    if request.method == "POST":
        if not may_search:
            raise PermissionDenied(_("Pencarian NIP hanya bagi pengguna yang berhak melihat data pribadi."))
        search_form = NipSearchForm(request.POST)
        if request.POST.get("clear") or search_form.is_valid():
            if request.POST.get("clear"):
                searches.pop(key, None)
            else:
                searches[key] = search_form.cleaned_data["nip"]
            request.session[NIP_SESSION_KEY] = searches
            return redirect(request.get_full_path())
    nip = searches.get(key, "") if may_search else ""
    clients = list(
        selectors.clients_visible_to(request.user).filter(agreement=agreement).order_by("name", "pk")
    )
    filters = LogFilterForm(request.GET or None, clients=clients)
    values = filters.values() if request.GET else {}
    rows = selectors.log_of(request.user, agreement, selectors.LogFilter(nip=nip, **values))
    page = Paginator(rows, LOG_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "agreement": agreement,
        "filters": filters,
        "page": page,
        "may_search": may_search,
        "search_form": search_form,
        "nip": nip,
        "paging": _without_page(request),
    }
    return render(request, "exchange/api/log_list.html", context, status=400 if search_form.errors else 200)
