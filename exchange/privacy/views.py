"""The Pasal 9 page of an agreement: the confidentiality duties and the user's acknowledgement, and the
disclosure register with its form. Loaded through selectors; the services refuse what the user may not do."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from agreements.models import Agreement
from agreements.rights import user_rights_in_party
from agreements.selectors import Right, agreements_visible_to, may
from exchange.data import nip as nip_rules
from exchange.privacy import selectors, services, texts
from exchange.privacy.forms import DisclosureForm, IncidentForm, RetentionForm, SubjectAccessForm
from exchange.privacy.models import DeletionCertificate, Incident, Retention, SubjectAccessRequest, TermEnd


def _holds_personal_data_right(user, agreement: Agreement) -> bool:
    """The personal-data right by role or team, before the Pasal 9 acknowledgement that makes it count
    (object grants give nothing any more, and may() already applies the acknowledgement gate)."""
    party = agreement.parties.filter(institution_id=getattr(user, "institution_id", None)).first()
    return party is not None and Right.VIEW_PERSONAL_DATA in user_rights_in_party(user, party)


def _agreement(request: HttpRequest, pk: int) -> Agreement:
    return get_object_or_404(
        agreements_visible_to(request.user).prefetch_related("parties__institution"), pk=pk
    )


def _render(
    request: HttpRequest,
    agreement: Agreement,
    form: DisclosureForm | None = None,
    subject_form: SubjectAccessForm | None = None,
    incident_form: IncidentForm | None = None,
) -> HttpResponse:
    can_view_personal = may(request.user, Right.VIEW_PERSONAL_DATA, agreement)
    if form is None and can_view_personal:
        form = DisclosureForm()
    if subject_form is None and can_view_personal:
        subject_form = SubjectAccessForm()
    retention = Retention.objects.filter(agreement=agreement).first()
    term_end = TermEnd.objects.filter(agreement=agreement).first()
    subject_requests = list(selectors.subject_requests_of(request.user, agreement)[:100])
    for row in subject_requests:
        row.nip_shown = nip_rules.mask(row.nip)
    return render(
        request,
        "exchange/privacy/agreement_privacy.html",
        {
            "agreement": agreement,
            "duties": texts.DUTIES,
            "version": texts.VERSION,
            "acknowledgement": selectors.acknowledgement_of(request.user, agreement),
            "holds_grant": _holds_personal_data_right(request.user, agreement),
            "can_view_personal": can_view_personal,
            "disclosures": list(selectors.disclosures_of(request.user, agreement)[:200]),
            "form": form if can_view_personal else None,
            "subject_form": subject_form if can_view_personal else None,
            "subject_requests": subject_requests,
            "retention_days": retention.days if retention else Retention.DEFAULT_DAYS,
            "retention": retention,
            "retention_form": RetentionForm(
                initial={"days": retention.days if retention else Retention.DEFAULT_DAYS}
            )
            if may(request.user, Right.CHANGE, agreement) and not (term_end and term_end.purged_at)
            else None,
            "term_end": term_end,
            "incidents": list(selectors.incidents_of(request.user, agreement)[:100]),
            "incident_form": incident_form or IncidentForm(),
            "now": timezone.now(),
            "certificates": list(
                DeletionCertificate.objects.filter(term_end=term_end).select_related("party__institution")
            )
            if term_end
            else [],
            "ended": bool(agreement.last_day_in_force and agreement.last_day_in_force < timezone.localdate()),
        },
    )


def agreement_privacy(request: HttpRequest, agreement_pk: int) -> HttpResponse:
    return _render(request, _agreement(request, agreement_pk))


@require_POST
def acknowledge(request: HttpRequest, agreement_pk: int) -> HttpResponse:
    agreement = _agreement(request, agreement_pk)
    if request.POST.get("understood") != "1":
        messages.error(request, _("Centang pernyataan bahwa Anda memahami dan akan menaati kewajiban ini."))
        return redirect("privacy:agreement_privacy", agreement.pk)
    try:
        services.acknowledgement_record(acting_user=request.user, agreement=agreement)
    except PermissionDenied as exc:
        messages.error(request, str(exc))
        return redirect("privacy:agreement_privacy", agreement.pk)
    messages.success(request, _("Pernyataan kerahasiaan Anda tercatat."))
    return redirect("privacy:agreement_privacy", agreement.pk)


@require_POST
def disclosure_create(request: HttpRequest, agreement_pk: int) -> HttpResponse:
    agreement = _agreement(request, agreement_pk)
    form = DisclosureForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render(request, agreement, form)
    data = form.cleaned_data
    try:
        services.disclosure_record(
            acting_user=request.user,
            agreement=agreement,
            basis=data["basis"],
            basis_reference=data["basis_reference"],
            what=data["what"],
            recipient=data["recipient"],
            approved_by=data["approved_by"],
            disclosed_on=data["disclosed_on"],
            file=data.get("file"),
        )
    except PermissionDenied as exc:
        messages.error(request, str(exc))
        return redirect("privacy:agreement_privacy", agreement.pk)
    except ValidationError as exc:
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
        return _render(request, agreement, form)
    messages.success(request, _("Pengungkapan data dicatat pada register."))
    return redirect("privacy:agreement_privacy", agreement.pk)


@require_POST
def subject_access_create(request: HttpRequest, agreement_pk: int) -> HttpResponse:
    agreement = _agreement(request, agreement_pk)
    form = SubjectAccessForm(request.POST)
    if not form.is_valid():
        return _render(request, agreement, subject_form=form)
    try:
        services.subject_access_request_record(
            acting_user=request.user, agreement=agreement, **form.cleaned_data
        )
    except PermissionDenied as exc:
        messages.error(request, str(exc))
        return redirect("privacy:agreement_privacy", agreement.pk)
    except ValidationError as exc:
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
        return _render(request, agreement, subject_form=form)
    messages.success(request, _("Permintaan akses subjek data dicatat; jawab dalam 3×24 jam."))
    return redirect("privacy:agreement_privacy", agreement.pk)


@require_POST
def subject_access_answer(request: HttpRequest, pk: int) -> HttpResponse:
    row = get_object_or_404(
        SubjectAccessRequest.objects.filter(agreement__in=agreements_visible_to(request.user)), pk=pk
    )
    try:
        row = services.subject_access_answer(acting_user=request.user, request=row)
    except (PermissionDenied, ValidationError) as exc:
        for message in exc.messages if isinstance(exc, ValidationError) else [str(exc)]:
            messages.error(request, message)
        return redirect("privacy:agreement_privacy", row.agreement_id)
    messages.success(request, _("Laporan akses %(number)s disusun dan diarsipkan.") % {"number": row.number})
    return redirect("privacy:agreement_privacy", row.agreement_id)


@require_POST
def retention_update(request: HttpRequest, agreement_pk: int) -> HttpResponse:
    agreement = _agreement(request, agreement_pk)
    form = RetentionForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return redirect("privacy:agreement_privacy", agreement.pk)
    try:
        services.retention_set(acting_user=request.user, agreement=agreement, days=form.cleaned_data["days"])
    except (PermissionDenied, ValidationError) as exc:
        for message in exc.messages if isinstance(exc, ValidationError) else [str(exc)]:
            messages.error(request, message)
        return redirect("privacy:agreement_privacy", agreement.pk)
    messages.success(request, _("Masa retensi disimpan."))
    return redirect("privacy:agreement_privacy", agreement.pk)


def certificate_download(request: HttpRequest, pk: int) -> HttpResponse:
    certificate = get_object_or_404(
        DeletionCertificate.objects.filter(term_end__agreement__in=agreements_visible_to(request.user)), pk=pk
    )
    response = HttpResponse(bytes(certificate.pdf), content_type="application/pdf")
    safe = "".join(ch if ch.isalnum() else "-" for ch in certificate.number).strip("-")
    response["Content-Disposition"] = f'attachment; filename="sertifikat-penghapusan-{safe}.pdf"'
    return response


@require_POST
def incident_create(request: HttpRequest, agreement_pk: int) -> HttpResponse:
    agreement = _agreement(request, agreement_pk)
    form = IncidentForm(request.POST)
    if not form.is_valid():
        return _render(request, agreement, incident_form=form)
    try:
        services.incident_record(acting_user=request.user, agreement=agreement, **form.cleaned_data)
    except ValidationError as exc:
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
        return _render(request, agreement, incident_form=form)
    messages.success(request, _("Insiden dicatat; beri tahu pihak lain dan subjek data dalam 3×24 jam."))
    return redirect(reverse("privacy:agreement_privacy", args=[agreement.pk]) + "#incidents")


@require_POST
def incident_step(request: HttpRequest, pk: int) -> HttpResponse:
    incident = get_object_or_404(
        Incident.objects.filter(agreement__in=agreements_visible_to(request.user)), pk=pk
    )
    try:
        services.incident_update(
            acting_user=request.user,
            incident=incident,
            step=request.POST.get("step", ""),
            response=request.POST.get("response", ""),
        )
    except (PermissionDenied, ValidationError) as exc:
        for message in exc.messages if isinstance(exc, ValidationError) else [str(exc)]:
            messages.error(request, message)
    else:
        messages.success(request, _("Langkah insiden dicatat."))
    return redirect(reverse("privacy:agreement_privacy", args=[incident.agreement_id]) + "#incidents")


def ropa_export(request: HttpRequest, agreement_pk: int) -> HttpResponse:
    """The record of processing activities of the agreement, for every party (it holds no personal data)."""
    from exchange.privacy.ropa import ropa_xlsx

    agreement = _agreement(request, agreement_pk)
    response = HttpResponse(
        ropa_xlsx(agreement), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="catatan-pemrosesan-{agreement.pk}.xlsx"'
    return response
