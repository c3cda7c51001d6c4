"""Pages of sync runs: the list with a start button per agreement, a run's live progress and outcomes,
a retry of the failed, the schedule. NIPs are shown masked; nothing personal enters a URL.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from agreements.selectors import agreements_visible_to
from exchange.data import nip
from exchange.partners import selectors as partner_selectors
from exchange.partners.models import SiasnCredential
from exchange.sync import selectors, services
from exchange.sync.choices import ItemStatus, reason_label
from exchange.sync.models import SyncItem, SyncSchedule

PAGE_SIZE = 50


def _refusal(request: HttpRequest, exc: Exception) -> None:
    text = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
    messages.error(request, text or _("Permintaan ditolak."))


@login_required
def run_list(request: HttpRequest) -> HttpResponse:
    runs = selectors.runs_visible_to(request.user)
    agreement_pk = request.GET.get("perjanjian", "")
    if agreement_pk.isdigit():
        runs = runs.filter(agreement_id=int(agreement_pk))
    page = Paginator(runs, PAGE_SIZE).get_page(request.GET.get("page"))
    manageable = list(partner_selectors.manageable_agreements(request.user).order_by("title"))
    credentials = {
        c.agreement_id: c
        for c in SiasnCredential.objects.filter(
            agreement__in=manageable, party__institution_id=request.user.institution_id
        )
    }
    schedules = {
        s.agreement_id: s
        for s in SyncSchedule.objects.filter(
            agreement__in=manageable, receiver__institution_id=request.user.institution_id
        )
    }
    now = timezone.now()
    startable = [
        {
            "agreement": agreement,
            "credential": credentials.get(agreement.pk),
            "tokens": credentials[agreement.pk].token_status(now=now) if agreement.pk in credentials else [],
            "schedule": schedules.get(agreement.pk),
        }
        for agreement in manageable
    ]
    return render(request, "exchange/sync/run_list.html", {"page": page, "startable": startable})


@login_required
@require_POST
def run_start(request: HttpRequest, agreement_pk: int) -> HttpResponse:
    agreement = get_object_or_404(
        agreements_visible_to(request.user).prefetch_related("parties"), pk=agreement_pk
    )
    try:
        run = services.run_request(agreement=agreement, acting_user=request.user)
    except (PermissionDenied, ValidationError) as exc:
        _refusal(request, exc)
        return redirect("sync:run_list")
    messages.success(request, _("Sinkronisasi dimulai di latar belakang."))
    return redirect("sync:run_detail", pk=run.pk)


@login_required
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    run = get_object_or_404(selectors.runs_visible_to(request.user).select_related("credential"), pk=pk)
    status = request.GET.get("status", "")
    items = SyncItem.objects.filter(run=run).only(
        "position", "nip", "status", "reason", "attempts", "done_at"
    )
    if status in ItemStatus.values:
        items = items.filter(status=status)
    page = Paginator(items.order_by("position"), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [
        {
            "position": item.position + 1,
            "nip": nip.mask(item.nip),
            "status": item.status,
            "status_label": item.get_status_display(),
            "reason": reason_label(item.reason) if item.reason else "",
            "attempts": item.attempts,
            "done_at": item.done_at,
        }
        for item in page
    ]
    now = timezone.now()
    return render(
        request,
        "exchange/sync/run_detail.html",
        {
            "run": run,
            "progress": selectors.progress(run, now=now),
            "errors": selectors.errors_by_cause(run),
            "page": page,
            "rows": rows,
            "status": status,
            "statuses": ItemStatus.choices,
            "tokens": run.credential.token_status(now=now) if run.credential else [],
            "can_manage": partner_selectors.can_manage(request.user, run.agreement),
        },
    )


@login_required
def run_progress(request: HttpRequest, pk: int) -> JsonResponse:
    run = get_object_or_404(selectors.runs_visible_to(request.user), pk=pk)
    return JsonResponse(selectors.progress(run, now=timezone.now()))


@login_required
@require_POST
def run_retry(request: HttpRequest, pk: int) -> HttpResponse:
    run = get_object_or_404(selectors.runs_visible_to(request.user), pk=pk)
    try:
        again = services.run_retry_failed(run=run, acting_user=request.user)
    except (PermissionDenied, ValidationError) as exc:
        _refusal(request, exc)
        return redirect("sync:run_detail", pk=run.pk)
    messages.success(
        request, _("NIP yang gagal diambil ulang; yang sudah terambil hari ini tidak diambil lagi.")
    )
    return redirect("sync:run_detail", pk=again.pk)


@login_required
@require_POST
def schedule_save(request: HttpRequest, agreement_pk: int) -> HttpResponse:
    agreement = get_object_or_404(
        agreements_visible_to(request.user).prefetch_related("parties"), pk=agreement_pk
    )
    every, hour = request.POST.get("every_days", ""), request.POST.get("hour", "")
    if not (every.isdigit() and hour.isdigit()):
        messages.error(request, _("Selang hari dan jam harus berupa angka."))
        return redirect("sync:run_list")
    try:
        services.schedule_save(
            agreement=agreement,
            acting_user=request.user,
            enabled=request.POST.get("enabled") == "1",
            every_days=int(every),
            hour=int(hour),
        )
    except (PermissionDenied, ValidationError) as exc:
        _refusal(request, exc)
    else:
        messages.success(request, _("Jadwal sinkronisasi disimpan."))
    return redirect("sync:run_list")
