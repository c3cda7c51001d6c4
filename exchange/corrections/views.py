"""Pages of the exchange app: the data-field catalogue and the correction proposals.

Each view loads through a selector (so a proposal the user may not see is a 404, never a 403 that would
confirm it exists), calls one service, and redirects. Personal data never enters a URL: the NIP/name search
is posted and kept in the session, and every page or file that shows personal data unmasked writes a
PersonalDataAccess row.
"""

from __future__ import annotations

import base64
from collections import OrderedDict
from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from agreements.rules import holiday_name, is_working_day
from agreements.selectors import HANDLE_PROPOSALS, VIEW_PERSONAL_DATA, agreements_visible_to
from exchange.corrections import clock, flow, paging, selectors, services, xlsx
from exchange.corrections.choices import AccessAction, ProposalStatus, Side
from exchange.corrections.forms import (
    BulkForm,
    CommentForm,
    EvidenceForm,
    FilterForm,
    ImportForm,
    ItemFormSet,
    NewItemFormSet,
    ProposalForm,
    SearchForm,
)
from exchange.corrections.models import Proposal, ProposalImport
from exchange.data import selectors as data_selectors

SEARCH_SESSION_KEY = "exchange.proposal_search"
PAGE_SIZE = 50


def _error_messages(request: HttpRequest, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


# --- Catalogue ---------------------------------------------------------------------------------------------


def exchange_home(request: HttpRequest) -> HttpResponse:
    """The data-field catalogue, and per visible agreement its annex (Lampiran) per direction."""
    annexes: OrderedDict = OrderedDict()
    for line in selectors.annexes_visible_to(request.user):
        directions = annexes.setdefault(line.agreement, OrderedDict())
        directions.setdefault((line.provider, line.receiver), {"lines": [], "note": None})["lines"].append(
            line
        )
    for directions in annexes.values():
        for direction in directions.values():
            notes = {line.note for line in direction["lines"]}
            # A note every line shares is said once, under the direction's heading.
            direction["note"] = notes.pop() if len(notes) == 1 else ""
    return render(
        request,
        "exchange/data/exchange_home.html",
        {"fields": list(selectors.data_fields()), "annexes": annexes},
    )


# --- The list ----------------------------------------------------------------------------------------------


def _list_state(request: HttpRequest) -> dict:
    """The filtered, searched proposals of the list and the export: one place, so both show the same."""
    user = request.user
    today = timezone.localdate()
    parties = selectors.party_ids(user)  # once, as literals the planner can weigh (selectors.parties_of)
    visible = selectors.proposals_visible_to(user, parties)
    counts = selectors.proposal_counts(user, today=today, parties=parties)
    agreements = list(agreements_visible_to(user).only("pk", "title").order_by("title"))
    assignees = list(selectors.assignees_of(visible))
    filters = FilterForm(request.GET or None, agreements=agreements, assignees=assignees)
    filters.is_valid()
    # A bad value in one filter drops that filter only; the others (and the tab) still apply.
    data = getattr(filters, "cleaned_data", {})
    tab = data.get("tab") or ("inbox" if counts["inbox"] or not counts["outbox"] else "outbox")
    proposals = selectors.in_tab(visible, user, tab, parties)
    if data.get("status"):
        proposals = proposals.filter(status=data["status"])
    if data.get("agreement"):
        proposals = proposals.filter(agreement_id=data["agreement"])
    assignee = data.get("assignee") or ""
    if assignee == "me":
        proposals = proposals.filter(assignee=user)
    elif assignee == "none":
        proposals = proposals.filter(assignee__isnull=True)
    elif assignee:
        proposals = proposals.filter(assignee_id=int(assignee))
    if data.get("overdue"):
        proposals = selectors.overdue_filter(proposals, tab, today)
    query = request.session.get(SEARCH_SESSION_KEY, "")
    if query:
        proposals = selectors.search(proposals, user, query)
    order = selectors.list_order(tab)
    return {
        "today": today,
        "tab": tab,
        "filters": filters,
        "query": query,
        "counts": counts,
        "order": order,
        # Sorted for the export (every row); the list pages through it by its keys (paging.page_of).
        "proposals": selectors.with_list_columns(order.sort(order.annotate(proposals)), user),
        "personal_ids": selectors.granted_agreement_ids(user, VIEW_PERSONAL_DATA),
    }


def _mark_rows(rows, personal_ids: set[int], today) -> list[int]:
    """Decide per row whether personal data shows; returns the rows whose personal data was shown."""
    shown = []
    for row in rows:
        row.show_personal = row.agreement_id in personal_ids
        row.overdue = row.is_overdue(on=today)
        if row.show_personal:
            shown.append(row.pk)
    return shown


def proposal_list(request: HttpRequest) -> HttpResponse:
    """Inbox, outbox and all proposals with filters; POST sets or clears the NIP/name search."""
    if request.method == "POST":
        form = SearchForm(request.POST)
        query = form.cleaned_data["q"].strip() if form.is_valid() and "clear" not in request.POST else ""
        if query:
            request.session[SEARCH_SESSION_KEY] = query
        else:
            request.session.pop(SEARCH_SESSION_KEY, None)
        params = request.GET.copy()
        params.pop("page", None)  # a new search starts on its first page
        url = reverse("exchange:proposal_list")
        return redirect(f"{url}?{params.urlencode()}" if params else url)

    user = request.user
    state = _list_state(request)
    page = paging.page_of(state["proposals"], state["order"], request.GET.get("page"), PAGE_SIZE)
    shown = _mark_rows(page.object_list, state["personal_ids"], state["today"])
    services.personal_data_access_record(
        user=user, action=AccessAction.SEARCH if state["query"] else AccessAction.LIST, proposal_ids=shown
    )
    handle_ids = selectors.granted_agreement_ids(user, HANDLE_PROPOSALS)
    bulk_users = selectors.handlers_in_institution(user.institution_id, handle_ids) if handle_ids else []
    return render(
        request,
        "exchange/corrections/proposal_list.html",
        {
            **state,
            "page": page,
            "search_form": SearchForm(initial={"q": state["query"]}),
            "can_search": bool(state["personal_ids"]),
            "can_handle": bool(handle_ids),
            "bulk_form": BulkForm() if handle_ids else None,
            "bulk_users": bulk_users,
            "can_propose": bool(handle_ids),
        },
    )


def proposal_export(request: HttpRequest) -> HttpResponse:
    """The list as it is filtered now (every page), as XLSX."""
    user = request.user
    state = _list_state(request)
    rows = list(state["proposals"])
    shown = _mark_rows(rows, state["personal_ids"], state["today"])
    comments = (
        selectors.comments_visible_to(user)
        .filter(proposal__in=[row.pk for row in rows])
        .order_by("proposal_id", "created_at", "pk")
    )
    content = xlsx.build_export(rows, comments, personal_ids=state["personal_ids"], today=state["today"])
    services.personal_data_access_record(user=user, action=AccessAction.EXPORT, proposal_ids=shown)
    response = HttpResponse(content, content_type=xlsx.CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="usulan-perbaikan-{state["today"]:%Y%m%d}.xlsx"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
def proposal_bulk(request: HttpRequest) -> HttpResponse:
    """Assign, start or close many proposals at once: all of them, or none and the reasons why."""
    user = request.user
    handle_ids = selectors.granted_agreement_ids(user, HANDLE_PROPOSALS)
    if not handle_ids:
        raise PermissionDenied
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = reverse("exchange:proposal_list")
    back = back or reverse("exchange:proposal_list")
    form = BulkForm(
        request.POST, choices={"assignee": selectors.handlers_in_institution(user.institution_id, handle_ids)}
    )
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(back)
    ids = form.cleaned_data["ids"]
    proposals = list(selectors.proposals_visible_to(user).filter(pk__in=ids).order_by("pk"))
    if len(proposals) != len(ids):
        messages.error(request, _("Sebagian usulan yang dipilih tidak ditemukan."))
        return redirect(back)
    step, inputs = form.cleaned_data["action"], form.cleaned_data["inputs"]
    try:
        if len(proposals) > services.INLINE_MAX:
            job = services.proposals_bulk_request(
                acting_user=user, proposals=proposals, step=step, inputs=inputs
            )
            return redirect(job)
        count = services.proposals_bulk_step(acting_user=user, proposals=proposals, step=step, inputs=inputs)
    except ValidationError as exc:
        messages.error(request, _("Tidak ada yang diubah, karena:"))
        _error_messages(request, exc)
    else:
        messages.success(
            request, ngettext("%(n)s usulan diperbarui.", "%(n)s usulan diperbarui.", count) % {"n": count}
        )
    return redirect(back)


def proposal_bulk_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A bulk step in the background: a progress bar (static/js/proposal_import.js), then the outcome."""
    job = get_object_or_404(selectors.bulk_jobs_visible_to(request.user), pk=pk)
    return render(request, "exchange/corrections/proposal_bulk_detail.html", {"job": job})


def proposal_bulk_status(request: HttpRequest, pk: int) -> JsonResponse:
    job = get_object_or_404(selectors.bulk_jobs_visible_to(request.user), pk=pk)
    return JsonResponse(_job_state(job, rows=len(job.proposal_ids), created=job.done_count))


def _job_state(job, *, rows: int, created: int) -> dict:
    label = str(job.get_status_display())
    return {
        "status": job.status,
        "label": label,
        "progress": job.percent,
        "done": not job.is_open,
        "rows": rows,
        "created": created,
    }


# --- One proposal ------------------------------------------------------------------------------------------


def _visible_proposal(request: HttpRequest, pk: int) -> Proposal:
    qs = selectors.proposals_visible_to(request.user).select_related(
        "agreement", "proposing_party__institution", "receiving_party__institution", "assignee", "created_by"
    )
    return get_object_or_404(qs.prefetch_related("agreement__parties"), pk=pk)


def _clock_facts(proposal: Proposal, today) -> dict:
    """Working days left or late, and the holidays the clock skipped, for the detail page."""
    facts: dict = {"skipped": []}
    if proposal.submitted_on and proposal.due_on:
        day = proposal.submitted_on
        while day < proposal.due_on and len(facts["skipped"]) < 40:
            day += timedelta(days=1)
            if day.weekday() < 5 and not is_working_day(day):
                facts["skipped"].append((day, holiday_name(day)))
    if proposal.clock_running and proposal.due_on:
        if proposal.due_on >= today:
            facts["days_left"] = clock.working_days_between(today, proposal.due_on)
        else:
            facts["days_late"] = clock.working_days_between(proposal.due_on, today)
    return facts


def proposal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    proposal = _visible_proposal(request, pk)
    today = timezone.localdate()
    side = selectors.side_of(user, proposal)
    handles = selectors.can_handle(user, proposal.agreement)
    personal = selectors.can_view_personal_data(user, proposal.agreement)
    steps = selectors.steps_for(user, proposal, handles=handles)
    choices = selectors.step_choices(proposal)
    step_forms = [(step, step.form(choices=choices)) for step in steps if not step.page]
    if personal:
        services.personal_data_access_record(user=user, action=AccessAction.DETAIL, proposal=proposal)
    return render(
        request,
        "exchange/corrections/proposal_detail.html",
        {
            "proposal": proposal,
            "today": today,
            "side": side,
            "is_proposer": side == Side.PROPOSER,
            "handles": handles,
            "personal": personal,
            "parsed": proposal.parsed_nip if personal else None,
            "items": list(proposal.items.select_related("field")),
            "comments": list(selectors.comments_visible_to(user, proposal).order_by("created_at", "pk")),
            "events": list(selectors.events_visible_to(user, proposal).order_by("occurred_at", "pk")),
            "evidence": list(proposal.evidence.select_related("uploaded_by", "institution")),
            "step_forms": step_forms,
            "can_update": any(step.name == "update" for step in steps),
            "comment_form": CommentForm(),
            "can_share": handles and proposal.status not in flow.FINISHED and proposal.status != "draft",
            "can_upload": handles and proposal.status not in flow.FINISHED,
            "evidence_form": EvidenceForm(),
            "clock": _clock_facts(proposal, today),
            "overdue": proposal.is_overdue(on=today),
        },
    )


@require_POST
def proposal_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    """One step of the flow from a button or small form of the detail page."""
    declared = flow.STEPS.get(step)
    if declared is None or declared.page:
        raise Http404
    user = request.user
    proposal = _visible_proposal(request, pk)
    form = declared.form(request.POST, choices=selectors.step_choices(proposal))
    if form is not None and not form.is_valid():
        # Refuse a missing right before complaining about the input.
        refused = flow.refusal(
            declared,
            status=proposal.status,
            side=selectors.side_of(user, proposal),
            can_handle=selectors.can_handle(user, proposal.agreement),
        )
        if refused is not None and refused.forbidden:
            raise PermissionDenied(refused.message)
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(proposal)
    try:
        declared.service(acting_user=user, proposal=proposal, **(form.cleaned_data if form else {}))
    except ValidationError as exc:
        _error_messages(request, exc)
    else:
        messages.success(request, declared.done)
    return redirect(proposal)


@require_POST
def proposal_comment(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _visible_proposal(request, pk)
    form = CommentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Isi komentar dan pilih sifatnya."))
        return redirect(proposal)
    try:
        services.comment_add(
            acting_user=request.user,
            proposal=proposal,
            body=form.cleaned_data["body"],
            visibility=form.cleaned_data["visibility"],
        )
    except ValidationError as exc:
        _error_messages(request, exc)
    else:
        messages.success(request, _("Komentar disimpan."))
    return redirect(f"{proposal.get_absolute_url()}#percakapan")


@require_POST
def evidence_upload(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _visible_proposal(request, pk)
    if selectors.side_of(request.user, proposal) is None or not selectors.can_handle(
        request.user, proposal.agreement
    ):
        raise PermissionDenied(_("Anda tidak memiliki hak menangani usulan perbaikan pada perjanjian ini."))
    form = EvidenceForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Pilih sekurang-kurangnya satu berkas."))
        return redirect(proposal)
    try:
        rows = services.evidence_add(
            acting_user=request.user, proposal=proposal, files=form.cleaned_data["files"]
        )
    except ValidationError as exc:
        _error_messages(request, exc)
    else:
        messages.success(
            request,
            ngettext("%(n)s berkas bukti diunggah.", "%(n)s berkas bukti diunggah.", len(rows))
            % {"n": len(rows)},
        )
    return redirect(f"{proposal.get_absolute_url()}#bukti")


def evidence_download(request: HttpRequest, pk: int, evidence_pk: int) -> FileResponse:
    """An evidence file, only to a party's user holding the personal-data grant; every download logged."""
    user = request.user
    item = get_object_or_404(
        selectors.evidence_visible_to(user).select_related("proposal__agreement"),
        pk=evidence_pk,
        proposal_id=pk,
    )
    if not selectors.can_view_personal_data(user, item.proposal.agreement):
        raise PermissionDenied(_("Bukti usulan memuat data pribadi; Anda tidak memiliki hak melihatnya."))
    try:
        handle = item.file.open("rb")
    except FileNotFoundError:
        raise Http404(_("Berkas bukti tidak ditemukan di penyimpanan.")) from None
    services.personal_data_access_record(user=user, action=AccessAction.EVIDENCE, proposal=item.proposal)
    response = FileResponse(
        handle, as_attachment=True, filename=item.original_name, content_type=item.content_type
    )
    response["Cache-Control"] = "private, no-store"
    # The checksum kept at upload, so that the reader can verify the copy (RFC 3230).
    response["Digest"] = "SHA-256=" + base64.b64encode(bytes.fromhex(item.sha256)).decode()
    return response


# --- Writing proposals ------------------------------------------------------------------------------------


def _form_errors_from(exc: ValidationError, form, formset) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        formset._non_form_errors = formset.error_class(exc.messages)


def proposal_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    parties = selectors.parties_user_can_propose_to(user)
    if not parties.exists():
        raise PermissionDenied(
            _("Anda tidak memiliki hak mengajukan usulan perbaikan pada perjanjian mana pun.")
        )
    fields = data_selectors.proposal_field_choices_for(user, parties)
    if request.method == "POST":
        form = ProposalForm(request.POST, request.FILES, parties=parties)
        formset = NewItemFormSet(request.POST, prefix="items", form_kwargs={"fields": fields})
        if form.is_valid() and formset.is_valid():
            try:
                proposal = services.proposal_create(
                    acting_user=user,
                    receiving_party=form.cleaned_data["receiving_party"],
                    nip_value=form.cleaned_data["nip"],
                    person_name=form.cleaned_data["person_name"],
                    reason=form.cleaned_data["reason"],
                    items=formset.items(),
                    files=form.cleaned_data["files"],
                )
                if "submit_now" in request.POST:
                    proposal = services.proposal_submit(acting_user=user, proposal=proposal)
            except ValidationError as exc:
                _form_errors_from(exc, form, formset)
            else:
                if proposal.status == ProposalStatus.DRAFT:
                    messages.success(
                        request,
                        _("Draf %(ref)s disimpan. Periksa lalu ajukan.") % {"ref": proposal.reference},
                    )
                else:
                    messages.success(request, _("%(ref)s diajukan.") % {"ref": proposal.reference})
                return redirect(proposal)
    else:
        initial = {}
        if parties.count() == 1:
            initial["receiving_party"] = parties.first()
        form = ProposalForm(parties=parties, initial=initial)
        formset = NewItemFormSet(prefix="items", form_kwargs={"fields": fields})
    return render(
        request,
        "exchange/corrections/proposal_form.html",
        {"form": form, "formset": formset, "proposal": None},
    )


def proposal_update(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    proposal = _visible_proposal(request, pk)
    refused = flow.refusal(
        flow.STEPS["update"],
        status=proposal.status,
        side=selectors.side_of(user, proposal),
        can_handle=selectors.can_handle(user, proposal.agreement),
    )
    if refused is not None:
        if refused.forbidden:
            raise PermissionDenied(refused.message)
        messages.error(request, refused.message)
        return redirect(proposal)
    if not selectors.can_view_personal_data(user, proposal.agreement):
        raise PermissionDenied(_("Mengubah usulan memerlukan hak melihat data pribadi pada perjanjian ini."))
    fields = data_selectors.proposal_field_choices(
        provider=proposal.receiving_party, receiver=proposal.proposing_party
    )
    if request.method == "POST":
        form = ProposalForm(request.POST, editing=True)
        formset = ItemFormSet(request.POST, prefix="items", form_kwargs={"fields": fields})
        if form.is_valid() and formset.is_valid():
            try:
                services.proposal_update(
                    acting_user=user,
                    proposal=proposal,
                    nip_value=form.cleaned_data["nip"],
                    person_name=form.cleaned_data["person_name"],
                    reason=form.cleaned_data["reason"],
                    items=formset.items(),
                )
            except ValidationError as exc:
                _form_errors_from(exc, form, formset)
            else:
                messages.success(request, flow.STEPS["update"].done)
                return redirect(proposal)
    else:
        services.personal_data_access_record(user=user, action=AccessAction.DETAIL, proposal=proposal)
        form = ProposalForm(
            editing=True,
            initial={"nip": proposal.nip, "person_name": proposal.person_name, "reason": proposal.reason},
        )
        formset = ItemFormSet(
            prefix="items",
            form_kwargs={"fields": fields},
            initial=[
                {"field": i.field_id, "current_value": i.current_value, "proposed_value": i.proposed_value}
                for i in proposal.items.all()
            ],
        )
    return render(
        request,
        "exchange/corrections/proposal_form.html",
        {"form": form, "formset": formset, "proposal": proposal},
    )


# --- Import -----------------------------------------------------------------------------------------------


def _proposable(request: HttpRequest) -> QuerySet:
    parties = selectors.parties_user_can_propose_to(request.user)
    if not parties.exists():
        raise PermissionDenied(
            _("Anda tidak memiliki hak mengajukan usulan perbaikan pada perjanjian mana pun.")
        )
    return parties


def proposal_import(request: HttpRequest) -> HttpResponse:
    """Upload one XLSX file of proposals: it is stored and queued, and the import's own page follows it."""
    parties = _proposable(request)
    duplicate = None
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES, parties=parties)
        if form.is_valid():
            try:
                job = services.proposal_import_request(
                    acting_user=request.user,
                    receiving_party=form.cleaned_data["receiving_party"],
                    file=form.cleaned_data["file"],
                    submit=form.cleaned_data["submit"],
                    confirm_duplicate=form.cleaned_data["confirm_duplicate"],
                )
            except services.DuplicateImport as exc:
                duplicate = exc.previous
                form.add_error("file", exc.messages[0])
            except ValidationError as exc:
                by_field = exc.error_dict if hasattr(exc, "error_dict") else {None: exc.messages}
                for field, errors in by_field.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                return redirect(job)
    else:
        form = ImportForm(
            parties=parties, initial={"receiving_party": parties.first()} if parties.count() == 1 else {}
        )
    recent = selectors.imports_visible_to(request.user).filter(created_by=request.user)[:5]
    return render(
        request,
        "exchange/corrections/proposal_import.html",
        {"form": form, "duplicate": duplicate, "recent": list(recent), "columns": xlsx.IMPORT_COLUMNS},
        status=400 if form.errors else 200,
    )


def _visible_import(request: HttpRequest, pk: int) -> ProposalImport:
    return get_object_or_404(selectors.imports_visible_to(request.user), pk=pk)


def proposal_import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One import: a progress bar while it runs (static/js/proposal_import.js polls), then its outcome."""
    job = _visible_import(request, pk)
    return render(request, "exchange/corrections/proposal_import_detail.html", {"job": job})


def proposal_import_status(request: HttpRequest, pk: int) -> JsonResponse:
    job = _visible_import(request, pk)
    return JsonResponse(_job_state(job, rows=job.row_count, created=job.created_count))


def proposal_import_template(request: HttpRequest) -> HttpResponse:
    _proposable(request)
    response = HttpResponse(
        xlsx.build_import_template(selectors.data_fields()), content_type=xlsx.CONTENT_TYPE
    )
    response["Content-Disposition"] = 'attachment; filename="templat-impor-usulan-perbaikan.xlsx"'
    return response
