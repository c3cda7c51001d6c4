"""The Lampiran tab of an agreement: the data elements per direction as in force on a chosen day, its
versions with their addenda, and, for the parties, the edit (before signing) or the proposal of a change
(after) and the other party's decision on it.

The agreement loads through `agreements_visible_to` (404 for anyone whose institution is no party); what a
user may do comes from `agreement_rights`, which the services check again.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from agreements.models import Agreement, AgreementParty
from agreements.selectors import Right, agreement_rights, agreements_visible_to
from exchange.data import selectors, services
from exchange.data.forms import LampiranDayForm, LampiranDeclineForm, LampiranForm
from exchange.data.models import AnnexField, DataField, LampiranChange


def _agreement(request: HttpRequest, pk: int) -> Agreement:
    parties = AgreementParty.objects.select_related("institution").order_by("order")
    qs = agreements_visible_to(request.user).prefetch_related(Prefetch("parties", queryset=parties))
    return get_object_or_404(qs, pk=pk)


def _party(agreement: Agreement, pk: int) -> AgreementParty:
    party = next((p for p in agreement.parties.all() if p.pk == pk), None)
    if party is None:
        raise PermissionDenied
    return party


def _editable_directions(agreement: Agreement, user, rights) -> list[tuple[AgreementParty, AgreementParty]]:
    """Every direction in which the user's party gives or receives, when the user may change the agreement."""
    if Right.CHANGE not in rights:
        return []
    parties = list(agreement.parties.all())
    own = next((p for p in parties if p.institution_id == user.institution_id), None)
    if own is None:
        return []
    pairs = []
    for other in parties:
        if other.pk != own.pk:
            pairs += [(own, other), (other, own)]
    return pairs


def _render(request: HttpRequest, agreement: Agreement, *, bound: dict | None = None, status: int = 200):
    today = timezone.localdate()
    day_form = LampiranDayForm(request.GET or None, initial={"tanggal": today})
    day = day_form.cleaned_data["tanggal"] if request.GET and day_form.is_valid() else today
    parties = list(agreement.parties.all())
    versions = selectors.lampiran_versions(agreement)
    version = selectors.lampiran_version_on(agreement, day, versions)
    in_force = selectors.lampiran_version_on(agreement, today, versions)
    rights = agreement_rights(request.user, agreement)
    changes = selectors.lampiran_changes(agreement)
    own = next((p for p in parties if p.institution_id == request.user.institution_id), None)
    may_decide = Right.SIGN_OFF in rights and own is not None
    catalogue = list(DataField.objects.all())
    current: dict[tuple[int, int], dict[int, str]] = {}
    for row in AnnexField.objects.filter(agreement=agreement):
        current.setdefault((row.provider_id, row.receiver_id), {})[row.field_id] = row.note
    pending = {(c.provider_id, c.receiver_id) for c in changes if c.status == LampiranChange.Status.PENDING}
    signed = bool(agreement.signed_on)
    ended = bool(agreement.last_day_in_force and today > agreement.last_day_in_force)
    editors = []
    if not ended:
        for provider, receiver in _editable_directions(agreement, request.user, rights):
            key = f"{provider.pk}-{receiver.pk}"
            form = (bound or {}).get(key) or LampiranForm(
                catalogue=catalogue,
                current=current.get((provider.pk, receiver.pk), {}),
                with_reason=signed,
                prefix=f"d{key}",
            )
            editors.append(
                {
                    "provider": provider,
                    "receiver": receiver,
                    "form": form,
                    "pending": (provider.pk, receiver.pk) in pending,
                    "open": key in (bound or {}),
                }
            )
    context = {
        "agreement": agreement,
        "parties": parties,
        "today": today,
        "day": day,
        "day_form": day_form,
        "version": version,
        "in_force_version": in_force,
        "directions": selectors.lampiran_directions(agreement, parties, version),
        "versions": versions,
        "changes": [
            {
                "change": change,
                "may_decide": may_decide
                and change.status == LampiranChange.Status.PENDING
                and change.deciding_party_id == own.pk,
                "decline_form": LampiranDeclineForm(prefix=f"c{change.pk}"),
            }
            for change in changes
        ],
        "editors": editors,
        "signed": signed,
    }
    return render(request, "exchange/data/lampiran_detail.html", context, status=status)


def lampiran_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render(request, _agreement(request, pk))


def _direction_post(request: HttpRequest, pk: int, provider: int, receiver: int, *, propose: bool):
    agreement = _agreement(request, pk)
    if Right.CHANGE not in agreement_rights(request.user, agreement):
        raise PermissionDenied
    giver, taker = _party(agreement, provider), _party(agreement, receiver)
    key = f"{giver.pk}-{taker.pk}"
    current = dict(
        AnnexField.objects.filter(agreement=agreement, provider=giver, receiver=taker).values_list(
            "field_id", "note"
        )
    )
    form = LampiranForm(
        request.POST,
        catalogue=DataField.objects.all(),
        current=current,
        with_reason=propose,
        prefix=f"d{key}",
    )
    if form.is_valid():
        try:
            if propose:
                services.lampiran_change_propose(
                    acting_user=request.user,
                    agreement=agreement,
                    provider=giver,
                    receiver=taker,
                    lines=form.lines(),
                    reason=form.cleaned_data["reason"],
                )
                messages.success(request, _("Usulan perubahan Lampiran dikirim kepada pihak lain."))
            else:
                services.lampiran_edit(
                    acting_user=request.user,
                    agreement=agreement,
                    provider=giver,
                    receiver=taker,
                    lines=form.lines(),
                )
                messages.success(request, _("Lampiran disimpan."))
            return redirect("lampiran:lampiran_detail", pk=agreement.pk)
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, exc.messages)
    return _render(request, agreement, bound={key: form}, status=400)


@require_POST
def lampiran_edit(request: HttpRequest, pk: int, provider: int, receiver: int) -> HttpResponse:
    return _direction_post(request, pk, provider, receiver, propose=False)


@require_POST
def lampiran_propose(request: HttpRequest, pk: int, provider: int, receiver: int) -> HttpResponse:
    return _direction_post(request, pk, provider, receiver, propose=True)


def _change(request: HttpRequest, pk: int) -> LampiranChange:
    return get_object_or_404(
        LampiranChange.objects.filter(agreement__in=agreements_visible_to(request.user)).select_related(
            "agreement"
        ),
        pk=pk,
    )


@require_POST
def change_accept(request: HttpRequest, pk: int) -> HttpResponse:
    change = _change(request, pk)
    try:
        version = services.lampiran_change_accept(acting_user=request.user, change=change)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("Perubahan diterima: Lampiran versi %(n)s berlaku dan dicatat sebagai adendum.")
            % {"n": version.number},
        )
    return redirect("lampiran:lampiran_detail", pk=change.agreement_id)


@require_POST
def change_decline(request: HttpRequest, pk: int) -> HttpResponse:
    change = _change(request, pk)
    form = LampiranDeclineForm(request.POST, prefix=f"c{change.pk}")
    if not form.is_valid():
        messages.error(request, _("Alasan penolakan wajib diisi."))
        return redirect("lampiran:lampiran_detail", pk=change.agreement_id)
    try:
        services.lampiran_change_decline(
            acting_user=request.user, change=change, note=form.cleaned_data["note"]
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Usulan perubahan Lampiran ditolak; Lampiran tidak berubah."))
    return redirect("lampiran:lampiran_detail", pk=change.agreement_id)
