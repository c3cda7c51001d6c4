"""Pages of the agreements app. Each view loads through a selector, checks the right, calls one service.

Reads go through selectors.agreements_visible_to (a user of another institution gets 404 everywhere).
What a user may do comes from selectors.agreement_rights, the same answer the services enforce: the page
uses it to show the buttons and to refuse (403) before reading a form; the service refuses again whoever
calls it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from agreements import forms, pdf, selectors, services
from agreements.choices import AgreementKind, AgreementStatus, InvitationStatus, NoticeKind
from agreements.citations import numbers_of
from agreements.models import (
    Agreement,
    AgreementParty,
    Contact,
    Dispute,
    Document,
    ForceMajeure,
    Letter,
    ObligationDue,
)
from agreements.rights import RIGHT_LABELS
from agreements.selectors import Right
from portal.choices import Role
from portal.models import Institution
from portal.registry import registry
from portal.reminders import deadlines_without_recipient

logger = logging.getLogger(__name__)

PAGE_SIZE = 25


def agreement_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    partners = list(selectors.partner_institutions(request.user))
    form = forms.ListFilterForm(request.GET or None, statuses=AgreementStatus.choices, partners=partners)
    filters = form.cleaned_data if form.is_valid() else {}
    agreements = selectors.agreement_list(
        request.user,
        today=today,
        status=filters.get("status") or "",
        partner=filters.get("partner"),
        notice_within=filters.get("notice_within"),
        query=(filters.get("q") or "").strip(),
    )
    page = Paginator(agreements, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "agreements/agreement_list.html",
        {
            "page": page,
            "form": form,
            "today": today,
            "can_create": selectors.may_create_agreement(request.user),
            "pending_invitations": selectors.invitations_for(request.user)
            .filter(status=InvitationStatus.PENDING)
            .count(),
            "sees_teams": request.user.has_role(Role.PIMPINAN) or request.user.is_portal_admin,
        },
    )


def agreement_register(request: HttpRequest) -> HttpResponse:
    """The portal Administrator's read-only register of every agreement (the selector refuses anyone else)."""
    today = timezone.localdate()
    form = forms.RegisterFilterForm(request.GET or None, statuses=AgreementStatus.choices)
    filters = form.cleaned_data if form.is_valid() else {}
    agreements = selectors.agreement_register(
        request.user, today=today, status=filters.get("status") or "", query=(filters.get("q") or "").strip()
    )
    page = Paginator(agreements, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "agreements/agreement_register.html", {"page": page, "form": form, "today": today})


def agreement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    today = timezone.localdate()
    agreement = selectors.agreement_for_detail(request.user, pk, today=today)
    rights = selectors.agreement_rights(request.user, agreement)
    own_party = selectors.own_party_of(request.user, agreement)
    if own_party is None:
        # Not a party: the portal administrator's read-only oversight, logged (no personal data in the row).
        services.agreement_oversight_read(agreement=agreement, acting_user=request.user)
    can = {name: spec.right in rights for name, spec in ACTIONS.items()}
    invitations = selectors.invitations_of(agreement)
    context = {
        "agreement": agreement,
        "today": today,
        "can": can,
        "can_edit": Right.EDIT_SHARED in rights,
        "can_change": Right.EDIT_SHARED in rights,
        "own_party_id": own_party.pk if own_party else None,
        "oversight": own_party is None,
        "rights": rights,
        "team": selectors.team_of(agreement, own_party) if own_party else None,
        "invitations": invitations,
        "withdrawable": {i.pk for i in invitations if selectors.may_withdraw(request.user, i, rights)},
        "parties": list(agreement.parties.all()),
        "due_rows": selectors.due_rows(agreement, today=today),
        "events": selectors.events_of(agreement),
        "history": selectors.history_of(agreement),
        "open_force_majeures": [fm for fm in agreement.force_majeures.all() if fm.is_open_on(today)],
        "termination_notices": [n for n in agreement.notices.all() if n.kind == NoticeKind.TERMINATION],
        "extensions": [a for a in agreement.amendments.all() if a.extension_months],
        "in_force": agreement.is_in_force_on(today),
        "not_in_force_reason": agreement.not_in_force_reason(
            today, _("perpanjangan, adendum, keadaan kahar, usulan perbaikan dan pertukaran data baru")
        ),
        "ends_early": bool(agreement.ends_on and agreement.last_day_in_force != agreement.ends_on),
        "awaiting_extension": selectors.awaits_extension(agreement),
        "cite": numbers_of(agreement),
        "unreminded": deadlines_without_recipient(today=today, agreement_id=agreement.pk),
        "days_left": (agreement.last_day_in_force - today).days if agreement.last_day_in_force else None,
        "notice_days_left": (agreement.notice_deadline - today).days if agreement.notice_deadline else None,
        "exchange_links": [
            {"label": _(link.label), "description": _(link.description), "url": link.url_for(agreement.pk)}
            for link in sorted(registry.agreement_links, key=lambda link: link.order)
            if not link.tab
        ],
        "tab_links": [
            {"label": _(link.label), "description": _(link.description), "url": link.url_for(agreement.pk)}
            for link in sorted(registry.agreement_links, key=lambda link: link.order)
            if link.tab
        ],
    }
    context.update(_umbrella_context(request.user, agreement, today))
    context["action_forms"] = {
        name: forms.ACTION_FORMS[name](agreement=agreement, user=request.user, auto_id=f"{name}-%s")
        for name, allowed in can.items()
        if allowed
    }
    if Right.MANAGE_TEAM in rights:
        context["team_form"] = forms.TeamMemberAddForm(candidates=context["team"].candidates)
    context["right_choices"] = [(str(r), label) for r, label in RIGHT_LABELS.items()]
    return render(request, "agreements/agreement_detail.html", context)


def _umbrella_context(user, agreement: Agreement, today) -> dict:
    """An MoU lists the PKS under it (those the user may see); a PKS names its MoU by numbers and date,
    and warns when it stays in force after the MoU ends. No queries for an agreement with neither."""
    context: dict = {"is_mou": agreement.kind == AgreementKind.MOU}
    if context["is_mou"]:
        context["implementing"] = list(
            selectors.annotate_status(selectors.agreements_visible_to(user), today)
            .filter(umbrella=agreement)
            .order_by("-signed_on", "title")
        )
    umbrella = agreement.umbrella
    if umbrella is not None:
        context["umbrella_numbers"] = [p.number for p in umbrella.parties.order_by("order") if p.number]
        ends, mou_ends = agreement.last_day_in_force, umbrella.last_day_in_force
        context["outlives_umbrella"] = bool(ends and mou_ends and ends > mou_ends)
    return context


def _institutions() -> list[Institution]:
    return list(Institution.objects.order_by("name"))


def _umbrellas(user, exclude: int | None = None) -> list[Agreement]:
    qs = selectors.agreements_visible_to(user).filter(kind=AgreementKind.MOU).order_by("title")
    if exclude:
        qs = qs.exclude(pk=exclude)
    return list(qs)


GENERAL_FIELDS = ("kind", "title", "purpose")
TERM_FIELDS = (
    "signed_on",
    "signing_place",
    "effective_from",
    "term_months",
    "notice_period_months",
    "force_majeure_notice_days",
    "reports_per_year",
    "monev_per_year",
    "period_anchor",
    "proposal_due_working_days",
    "report_grace_days",
    "confirm_non_working_day",
)


def _form_context(form, party_formset, scope_formset, clause_formset, **extra) -> dict:
    return {
        "form": form,
        "general_fields": [form[name] for name in GENERAL_FIELDS],
        "term_fields": [form[name] for name in TERM_FIELDS],
        "party_formset": party_formset,
        "scope_formset": scope_formset,
        "clause_formset": clause_formset,
        **extra,
    }


def _agreement_fields(form: forms.AgreementForm) -> dict:
    return {
        name: form.cleaned_data.get(name) for name in services.AGREEMENT_FIELDS if name in form.cleaned_data
    }


def _add_service_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@require_http_methods(["GET", "POST"])
def agreement_create(request: HttpRequest) -> HttpResponse:
    if not selectors.may_create_agreement(request.user):
        raise PermissionDenied
    institutions = _institutions()
    own = request.user.institution
    data = request.POST if request.method == "POST" else None
    form = forms.AgreementForm(data, umbrellas=_umbrellas(request.user))
    party_formset = forms.PartyFormSet(
        data,
        prefix="parties",
        form_kwargs={"institutions": institutions},
        initial=None if data else [{"institution": str(own.pk), "address": own.address}, {}],
    )
    scope_formset = forms.ScopeFormSet(data, prefix="scope")
    clause_formset = forms.ClauseFormSet(data, prefix="clauses")
    options = forms.CreateOptionsForm(data)
    formsets = (party_formset, scope_formset, clause_formset)
    if data and form.is_valid() and options.is_valid() and all(f.is_valid() for f in formsets):
        try:
            agreement = services.agreement_create(
                acting_user=request.user,
                fields=_agreement_fields(form),
                parties=party_formset.parties(),
                scope_items=scope_formset.items(),
                clauses=clause_formset.clauses(),
                standard_obligations=options.cleaned_data["standard_obligations"],
                confirm_non_working_day=form.cleaned_data["confirm_non_working_day"],
            )
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(request, _("Perjanjian tersimpan."))
            return redirect(agreement)
    return render(
        request,
        "agreements/agreement_form.html",
        _form_context(form, party_formset, scope_formset, clause_formset, options=options, creating=True),
    )


@require_http_methods(["GET", "POST"])
def agreement_update(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = get_object_or_404(
        selectors.agreements_readable_by(request.user).prefetch_related(
            Prefetch(
                "parties", queryset=AgreementParty.objects.select_related("institution").order_by("order")
            ),
            "scope_items",
            "clauses",
        ),
        pk=pk,
    )
    if not selectors.may(request.user, Right.EDIT_SHARED, agreement):
        raise PermissionDenied
    institutions = _institutions()
    data = request.POST if request.method == "POST" else None
    form = forms.AgreementForm(
        data, instance=agreement, umbrellas=_umbrellas(request.user, exclude=agreement.pk)
    )
    party_formset = forms.PartyFormSet(
        data,
        prefix="parties",
        form_kwargs={"institutions": institutions},
        initial=[
            {name: getattr(p, name) for name in services.PARTY_FIELDS}
            | {"institution": str(p.institution_id)}
            for p in agreement.parties.all()
        ],
    )
    scope_formset = forms.ScopeFormSet(
        data, prefix="scope", initial=[{"text": s.text} for s in agreement.scope_items.all()]
    )
    clause_formset = forms.ClauseFormSet(
        data,
        prefix="clauses",
        initial=[
            {"number": c.number, "title": c.title, "text": c.text, "tags": c.tags}
            for c in agreement.clauses.all()
        ],
    )
    formsets = (party_formset, scope_formset, clause_formset)
    if data and form.is_valid() and all(f.is_valid() for f in formsets):
        try:
            services.agreement_update(
                agreement=Agreement.objects.get(pk=agreement.pk),
                acting_user=request.user,
                fields=_agreement_fields(form),
                parties=party_formset.parties(),
                scope_items=scope_formset.items(),
                clauses=clause_formset.clauses(),
                confirm_non_working_day=form.cleaned_data["confirm_non_working_day"],
                amendment=form.cleaned_data.get("amendment"),
            )
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(request, _("Perubahan tersimpan."))
            return redirect(agreement)
    return render(
        request,
        "agreements/agreement_form.html",
        _form_context(
            form, party_formset, scope_formset, clause_formset, agreement=agreement, creating=False
        ),
    )


def agreement_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The agreement's text as a PDF, for every user of a party."""
    agreement = get_object_or_404(
        selectors.agreements_readable_by(request.user).prefetch_related(
            Prefetch(
                "parties", queryset=AgreementParty.objects.select_related("institution").order_by("order")
            ),
            "clauses",
        ),
        pk=pk,
    )
    if selectors.own_party_of(request.user, agreement) is None:
        services.agreement_oversight_read(agreement=agreement, acting_user=request.user, what="pdf")
    response = HttpResponse(pdf.agreement_pdf(agreement), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{pdf.agreement_filename(agreement)}"'
    return response


def letter_pdf(request: HttpRequest, pk: int, letter_pk: int) -> HttpResponse:
    """An outgoing letter as a PDF; an incoming one is its uploaded scan."""
    agreement = get_object_or_404(selectors.agreements_visible_to(request.user), pk=pk)
    letter = get_object_or_404(
        Letter.objects.select_related(
            "agreement", "issuer", "from_party__institution", "to_party__institution", "document"
        ).prefetch_related(
            Prefetch("agreement__parties", queryset=AgreementParty.objects.select_related("institution"))
        ),
        pk=letter_pk,
        agreement=agreement,
    )
    if letter.direction != "out":
        if letter.document_id:
            return redirect(letter.document.get_absolute_url())
        raise Http404
    response = HttpResponse(pdf.letter_pdf(letter), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{pdf.letter_filename(letter)}"'
    return response


def document_download(request: HttpRequest, agreement_pk: int, doc_pk: int) -> HttpResponse:
    """Serve a stored document to a user of a party, after checking its SHA-256 again."""
    agreement = get_object_or_404(selectors.agreements_visible_to(request.user), pk=agreement_pk)
    document = get_object_or_404(Document, pk=doc_pk, agreement=agreement)
    if not services.document_verify(document):
        logger.error("Document %s of agreement %s failed its SHA-256 check", document.pk, agreement.pk)
        return render(
            request,
            "agreements/document_damaged.html",
            {"agreement": agreement, "document": document},
            status=409,
        )
    response = FileResponse(
        document.file.open("rb"),
        content_type=document.content_type,
        as_attachment=document.content_type != "application/pdf",
        filename=document.original_name,
    )
    response["X-Checksum-SHA256"] = document.sha256
    response["Cache-Control"] = "private, no-store"
    return response


# --- Lifecycle actions: one generic view, one entry per action -------------------------------------


@dataclass(frozen=True)
class Action:
    title: str
    tab: str
    perform: Callable  # (request, agreement, form, target) -> success message
    right: Right  # the right the action needs (the service asks for the same one)
    target: type | None = None  # the model of the row the action is about, if any


def _perform_sign(request, agreement, form, target):
    data = form.cleaned_data
    services.agreement_sign(
        agreement=agreement,
        acting_user=request.user,
        signed_on=data["signed_on"],
        signing_place=data["signing_place"],
        effective_from=data["effective_from"],
        confirm_non_working_day=data["confirm_non_working_day"],
    )
    return _("Perjanjian ditandatangani; jangka waktu dan kewajiban mulai berjalan.")


def _perform_extend(request, agreement, form, target):
    data = form.cleaned_data
    services.agreement_extend(agreement=agreement, acting_user=request.user, **data)
    return _("Perpanjangan tercatat; hari terakhir berlaku dan batas pemberitahuan bergeser.")


def _perform_amend(request, agreement, form, target):
    services.amendment_record(agreement=agreement, acting_user=request.user, **form.cleaned_data)
    return _("Adendum/amandemen tercatat.")


def _perform_notice(request, agreement, form, target):
    notice = services.notice_serve(agreement=agreement, acting_user=request.user, **form.cleaned_data)
    if notice.letter_id:
        return _("Pemberitahuan tercatat dan surat %(number)s diterbitkan.") % {
            "number": notice.letter.number
        }
    return _("Pemberitahuan tercatat.")


def _perform_terminate(request, agreement, form, target):
    services.agreement_terminate(agreement=agreement, acting_user=request.user, **form.cleaned_data)
    return _("Perjanjian diakhiri.")


def _perform_fm_record(request, agreement, form, target):
    services.force_majeure_record(agreement=agreement, acting_user=request.user, **form.cleaned_data)
    return _("Keadaan kahar tercatat.")


def _perform_fm_notify(request, agreement, form, target):
    services.force_majeure_notify(force_majeure=target, acting_user=request.user, **form.cleaned_data)
    return _("Pemberitahuan keadaan kahar tercatat.")


def _perform_fm_end(request, agreement, form, target):
    services.force_majeure_end(force_majeure=target, acting_user=request.user, **form.cleaned_data)
    return _("Keadaan kahar dinyatakan berakhir.")


def _perform_dispute(request, agreement, form, target):
    services.dispute_record(agreement=agreement, acting_user=request.user, **form.cleaned_data)
    return _("Perselisihan tercatat.")


def _perform_dispute_advance(request, agreement, form, target):
    services.dispute_advance(dispute=target, acting_user=request.user, **form.cleaned_data)
    return _("Tahap perselisihan diperbarui.")


def _perform_monev(request, agreement, form, target):
    services.monev_hold(agreement=agreement, acting_user=request.user, **form.cleaned_data)
    return _("Sesi monev tercatat.")


def _perform_obligation(request, agreement, form, target):
    data = dict(form.cleaned_data)
    data["per_year"] = data.get("per_year") or 0
    services.obligation_add(agreement=agreement, acting_user=request.user, **data)
    return _("Kewajiban ditambahkan.")


def _perform_due_meet(request, agreement, form, target):
    services.due_meet(due=target, acting_user=request.user, **form.cleaned_data)
    return _("Kewajiban ditandai terpenuhi.")


def _perform_due_waive(request, agreement, form, target):
    services.due_waive(due=target, acting_user=request.user, **form.cleaned_data)
    return _("Kewajiban dikesampingkan.")


def _perform_contact(request, agreement, form, target):
    services.contact_add(agreement=agreement, acting_user=request.user, **form.cleaned_data)
    return _("Kontak korespondensi tercatat.")


def _perform_contact_end(request, agreement, form, target):
    services.contact_end(contact=target, acting_user=request.user, **form.cleaned_data)
    return _("Kontak korespondensi diakhiri.")


def _perform_document(request, agreement, form, target):
    services.document_upload(agreement=agreement, acting_user=request.user, **form.cleaned_data)
    return _("Dokumen diunggah.")


def _perform_paraf(request, agreement, form, target):
    services.paraf_record(document=target, acting_user=request.user, **form.cleaned_data)
    return _("Paraf tercatat.")


def _perform_letter(request, agreement, form, target):
    letter = services.letter_issue(agreement=agreement, acting_user=request.user, **form.cleaned_data)
    return _("Surat %(number)s diterbitkan.") % {"number": letter.number}


def _perform_letter_incoming(request, agreement, form, target):
    services.letter_register_incoming(agreement=agreement, acting_user=request.user, **form.cleaned_data)
    return _("Surat masuk tercatat.")


ACTIONS: dict[str, Action] = {
    "sign": Action(gettext_lazy("Tanda tangani perjanjian"), "ringkasan", _perform_sign, Right.EDIT_SHARED),
    "extend": Action(gettext_lazy("Catat perpanjangan"), "ringkasan", _perform_extend, Right.SIGN_OFF),
    "amend": Action(gettext_lazy("Catat adendum/amandemen"), "ringkasan", _perform_amend, Right.SIGN_OFF),
    "notice": Action(
        gettext_lazy("Sampaikan pemberitahuan"), "korespondensi", _perform_notice, Right.SIGN_OFF
    ),
    "terminate": Action(gettext_lazy("Akhiri perjanjian"), "ringkasan", _perform_terminate, Right.SIGN_OFF),
    "fm_record": Action(gettext_lazy("Catat keadaan kahar"), "ringkasan", _perform_fm_record, Right.KEEP_OWN),
    "fm_notify": Action(
        gettext_lazy("Catat pemberitahuan keadaan kahar"),
        "ringkasan",
        _perform_fm_notify,
        Right.KEEP_OWN,
        ForceMajeure,
    ),
    "fm_end": Action(
        gettext_lazy("Akhiri keadaan kahar"),
        "ringkasan",
        _perform_fm_end,
        Right.KEEP_OWN,
        ForceMajeure,
    ),
    "dispute": Action(gettext_lazy("Catat perselisihan"), "ringkasan", _perform_dispute, Right.EDIT_SHARED),
    "dispute_advance": Action(
        gettext_lazy("Ubah tahap perselisihan"),
        "ringkasan",
        _perform_dispute_advance,
        Right.EDIT_SHARED,
        Dispute,
    ),
    "monev": Action(gettext_lazy("Catat sesi monev"), "kewajiban", _perform_monev, Right.EDIT_SHARED),
    "obligation": Action(
        gettext_lazy("Tambah kewajiban"), "kewajiban", _perform_obligation, Right.EDIT_SHARED
    ),
    "due_meet": Action(
        gettext_lazy("Tandai kewajiban terpenuhi"),
        "kewajiban",
        _perform_due_meet,
        Right.KEEP_OWN,
        ObligationDue,
    ),
    "due_waive": Action(
        gettext_lazy("Kesampingkan kewajiban"),
        "kewajiban",
        _perform_due_waive,
        Right.EDIT_SHARED,
        ObligationDue,
    ),
    "contact": Action(
        gettext_lazy("Tambah kontak korespondensi"), "korespondensi", _perform_contact, Right.KEEP_OWN
    ),
    "contact_end": Action(
        gettext_lazy("Akhiri kontak korespondensi"),
        "korespondensi",
        _perform_contact_end,
        Right.KEEP_OWN,
        Contact,
    ),
    "document": Action(gettext_lazy("Unggah dokumen"), "dokumen", _perform_document, Right.KEEP_OWN),
    "paraf": Action(gettext_lazy("Catat paraf"), "dokumen", _perform_paraf, Right.KEEP_OWN, Document),
    "letter": Action(gettext_lazy("Terbitkan surat"), "korespondensi", _perform_letter, Right.KEEP_OWN),
    "letter_incoming": Action(
        gettext_lazy("Catat surat masuk"), "korespondensi", _perform_letter_incoming, Right.KEEP_OWN
    ),
}


def _target(action: Action, agreement: Agreement, target_pk: int | None):
    if action.target is None:
        return None
    if action.target is ObligationDue:
        return get_object_or_404(ObligationDue, pk=target_pk, obligation__agreement=agreement)
    return get_object_or_404(action.target, pk=target_pk, agreement=agreement)


@require_http_methods(["GET", "POST"])
def agreement_action(
    request: HttpRequest, pk: int, action: str, target_pk: int | None = None
) -> HttpResponse:
    """Any lifecycle action: a form page on GET (also shown again with errors), the service on POST."""
    spec = ACTIONS.get(action)
    if spec is None:
        raise Http404
    agreement = get_object_or_404(
        selectors.agreements_readable_by(request.user).prefetch_related(
            Prefetch(
                "parties", queryset=AgreementParty.objects.select_related("institution").order_by("order")
            ),
            Prefetch("contacts", queryset=Contact.objects.select_related("party")),
        ),
        pk=pk,
    )
    if not selectors.may(request.user, spec.right, agreement):
        raise PermissionDenied
    target = _target(spec, agreement, target_pk)
    if request.method == "POST":
        form = forms.ACTION_FORMS[action](request.POST, request.FILES, agreement=agreement, user=request.user)
        if form.is_valid():
            try:
                message = spec.perform(request, Agreement.objects.get(pk=agreement.pk), form, target)
            except ValidationError as error:
                _add_service_errors(form, error)
            else:
                messages.success(request, message)
                return redirect(f"{agreement.get_absolute_url()}#{spec.tab}")
    else:
        form = forms.ACTION_FORMS[action](agreement=agreement, user=request.user)
    return render(
        request,
        "agreements/agreement_action.html",
        {
            "agreement": agreement,
            "form": form,
            "action": action,
            "title": spec.title,
            "target": target,
            "tab": spec.tab,
        },
        status=400 if request.method == "POST" else 200,
    )
