"""Pages of pemadanan: the runs of an agreement with a new-run form, a run's page (counts, charts,
filters, the person list, the berita acara), its XLSX of differences, and the actions that call services.

Each view loads through a selector, so a run of an agreement the user's institution is no party to is a
404. Names and NIPs are shown only with the personal-data grant, and every page or file that shows them
unmasked is written to the data sets' access log. Filters are outcome, field and unit: never personal data.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from agreements.models import Agreement
from agreements.selectors import agreements_visible_to
from exchange.data.choices import AccessAction
from exchange.data.models import DataField, Record
from exchange.data.services import access_record
from exchange.matching import charts, pdf, selectors, services, xlsx
from exchange.matching.choices import Rule
from exchange.matching.forms import BeritaAcaraForm, ProposeForm, ResultFilterForm, RunForm
from exchange.matching.models import MatchResult, MatchRun

PAGE_SIZE = 50


def _errors(request: HttpRequest, exc: ValidationError | PermissionDenied) -> None:
    for message in exc.messages if isinstance(exc, ValidationError) else [str(exc)]:
        messages.error(request, message)


def _agreement(request: HttpRequest, pk: int) -> Agreement:
    return get_object_or_404(
        agreements_visible_to(request.user).prefetch_related("parties__institution"), pk=pk
    )


def _run(request: HttpRequest, pk: int) -> MatchRun:
    try:
        return selectors.run_detail(request.user, pk)
    except MatchRun.DoesNotExist:
        raise Http404 from None


def agreement_list(request: HttpRequest) -> HttpResponse:
    """The agreements the user's institution is a party to, with their number of runs."""
    agreements = (
        agreements_visible_to(request.user)
        .annotate(run_count=Count("match_runs"))
        .prefetch_related("parties__institution")
        .order_by("-signed_on", "-id")
    )
    return render(request, "exchange/matching/agreement_list.html", {"agreements": agreements})


def run_list(request: HttpRequest, agreement_pk: int) -> HttpResponse:
    agreement = _agreement(request, agreement_pk)
    can_request = selectors.can_request(request.user, agreement)
    versions = selectors.versions_for(request.user, agreement)
    form = RunForm(versions=versions) if can_request else None
    return _render_run_list(request, agreement, form)


def _render_run_list(request: HttpRequest, agreement: Agreement, form: RunForm | None) -> HttpResponse:
    runs = list(selectors.run_list(request.user, agreement)[:100])
    return render(
        request,
        "exchange/matching/run_list.html",
        {
            "agreement": agreement,
            "runs": runs,
            "form": form,
            "has_versions": form is not None and form.fields["left_version"].queryset.exists(),
        },
    )


@require_POST
def run_create(request: HttpRequest, agreement_pk: int) -> HttpResponse:
    agreement = _agreement(request, agreement_pk)
    if not selectors.can_request(request.user, agreement):
        raise PermissionDenied(_("Instansi Anda bukan pihak pada perjanjian ini."))
    form = RunForm(request.POST, versions=selectors.versions_for(request.user, agreement))
    if not form.is_valid():
        return _render_run_list(request, agreement, form)
    try:
        run = services.match_run_request(
            acting_user=request.user,
            agreement=agreement,
            left_version=form.cleaned_data["left_version"],
            right_version=form.cleaned_data["right_version"],
        )
    except (ValidationError, PermissionDenied) as exc:
        _errors(request, exc)
        return _render_run_list(request, agreement, form)
    messages.success(
        request,
        _("Pemadanan %(ref)s diantrekan; halaman ini menampilkan kemajuannya.") % {"ref": run.reference},
    )
    return redirect(run)


def run_status(request: HttpRequest, pk: int) -> JsonResponse:
    """What the progress bar polls: status and percent, nothing personal."""
    run = _run(request, pk)
    return JsonResponse({"status": run.status, "progress": run.progress, "done": not run.is_running})


def _labels(run: MatchRun) -> dict[str, str]:
    codes = list((run.counts or {}).get("field", {})) + list(
        run.left_version.fields if run.left_version_id else []
    )
    return dict(DataField.objects.filter(code__in=codes).values_list("code", "label"))


def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    run = _run(request, pk)
    labels = _labels(run)
    counts = run.counts or {}
    filters = ResultFilterForm(
        request.GET,
        fields=[(code, labels.get(code, code)) for code in sorted(counts.get("field", {}))],
        units=sorted(counts.get("unit", {})),
    )
    chosen = filters.values()
    results = selectors.results_of(run, **chosen)
    page = Paginator(results.select_related("proposal"), PAGE_SIZE).get_page(request.GET.get("page"))
    show_personal = selectors.can_view_personal_data(request.user, run.agreement)
    rows = list(page.object_list)
    for row in rows:
        row.shown_differences = [
            (labels.get(d.get("field"), d.get("field")), d.get("left"), d.get("right"))
            for d in row.differences
        ]
        row.shown_checks = _checks_text(row.checks)
    if show_personal and rows:
        _log_read(request, run, rows, AccessAction.LIST)
    keeper = selectors.keeper_party(run)
    own = selectors.party_of(request.user, run.agreement)
    berita_acara = selectors.berita_acara_of(run)
    signed = {s.party_id for s in berita_acara.signatures.all()} if berita_acara else set()
    context = {
        "run": run,
        "counts": counts,
        "labels": labels,
        "filters": filters,
        "page": page,
        "rows": rows,
        "show_personal": show_personal,
        "can_propose": run.is_done and keeper is not None and own is not None and own.pk != keeper.pk,
        "keeper": keeper,
        "outcome_bars": charts.outcome_bars(counts),
        "field_bars": charts.field_bars(counts, labels),
        "unit_rows": charts.unit_rows(counts),
        "legend": charts.legend(),
        "berita_acara": berita_acara,
        "ba_form": BeritaAcaraForm() if run.is_done and berita_acara is None and own is not None else None,
        "can_sign": berita_acara is not None and own is not None and own.pk not in signed,
        "parties": list(run.agreement.parties.all()),
        "signed": signed,
    }
    return render(request, "exchange/matching/run_detail.html", context)


SIDES = {"left": gettext_lazy("data pertama"), "right": gettext_lazy("data pembanding")}


def _checks_text(checks: list[dict]) -> list[str]:
    """The NIP checks of a result in words: which side, which rule, and the NIP module's reason."""
    rules = dict(Rule.choices)
    lines = []
    for check in checks or []:
        side = str(SIDES.get(check.get("side"), ""))
        if "count" in check:
            lines.append(_("%(side)s: %(n)s rekaman") % {"side": side, "n": check["count"]})
        elif check.get("rule") in rules and check.get("rule") != Rule.UNPAIRED:
            text = f"{rules[check['rule']]} ({side})"
            lines.append(f"{text}: {check['message']}" if check.get("message") else text)
    return lines


def _log_read(request: HttpRequest, run: MatchRun, rows: list[MatchResult], action: str) -> None:
    """One access-log entry per version whose people the page shows (their record ids, never the NIPs)."""
    nips = {r.nip for r in rows} | {r.nip_other for r in rows if r.nip_other}
    for version in (run.left_version, run.right_version):
        if version is None:
            continue
        ids = list(Record.objects.filter(version=version, nip__in=nips).values_list("pk", flat=True))
        access_record(user=request.user, action=action, version=version, record_ids=ids, row_count=len(rows))


def run_export(request: HttpRequest, pk: int) -> HttpResponse:
    """The differences as XLSX: personal data, so only with the grant, and the download is logged."""
    run = _run(request, pk)
    if not selectors.can_view_personal_data(request.user, run.agreement):
        messages.error(
            request, _("Unduhan perbedaan memuat data pribadi; Anda tidak memiliki hak melihatnya.")
        )
        return redirect(run)
    results = selectors.results_of(run).filter(Q(outcome="tidak_padan") | Q(outcome="nip_tidak_valid"))
    for version in (run.left_version, run.right_version):
        if version is not None:
            access_record(
                user=request.user, action=AccessAction.DOWNLOAD, version=version, row_count=results.count()
            )
    handle = xlsx.differences_workbook(run, results, _labels(run))
    return FileResponse(
        handle,
        as_attachment=True,
        filename=f"perbedaan-{run.reference}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


@require_POST
def run_propose(request: HttpRequest, pk: int) -> HttpResponse:
    run = _run(request, pk)
    allowed = selectors.results_of(run).filter(selectors.proposable_q()).values_list("pk", flat=True)
    form = ProposeForm(request.POST, allowed_ids=list(allowed))
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return redirect(run)
    chosen = list(MatchResult.objects.filter(run=run, pk__in=form.cleaned_data["ids"]))
    try:
        created = services.results_propose(acting_user=request.user, run=run, results=chosen)
    except (ValidationError, PermissionDenied) as exc:
        _errors(request, exc)
        return redirect(run)
    messages.success(
        request,
        _("%(n)s usulan perbaikan diajukan kepada %(party)s.")
        % {"n": len(created), "party": selectors.keeper_party(run).institution.name},
    )
    return redirect(run)


@require_POST
def berita_acara_create(request: HttpRequest, pk: int) -> HttpResponse:
    run = _run(request, pk)
    form = BeritaAcaraForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return redirect(run)
    try:
        berita_acara = services.berita_acara_issue(acting_user=request.user, run=run, **form.cleaned_data)
    except (ValidationError, PermissionDenied) as exc:
        _errors(request, exc)
        return redirect(run)
    messages.success(request, _("Berita acara %(number)s dibuat.") % {"number": berita_acara.number})
    return redirect(run)


@require_POST
def berita_acara_sign(request: HttpRequest, pk: int) -> HttpResponse:
    run = _run(request, pk)
    berita_acara = selectors.berita_acara_of(run)
    if berita_acara is None:
        raise Http404
    try:
        berita_acara = services.berita_acara_sign(acting_user=request.user, berita_acara=berita_acara)
    except (ValidationError, PermissionDenied) as exc:
        _errors(request, exc)
        return redirect(run)
    berita_acara.refresh_from_db()
    if berita_acara.is_complete:
        messages.success(
            request, _("Berita acara telah ditandatangani PARA PIHAK dan diarsipkan pada perjanjian.")
        )
    else:
        messages.success(request, _("Tanda tangan Anda pada berita acara tercatat."))
    return redirect(run)


def berita_acara_download(request: HttpRequest, pk: int) -> HttpResponse:
    """The berita acara as filed once both parties signed; before that, as it reads now."""
    run = _run(request, pk)
    berita_acara = selectors.berita_acara_of(run)
    if berita_acara is None:
        raise Http404
    if berita_acara.document is not None:
        with berita_acara.document.file.open("rb") as handle:
            content = handle.read()
    else:
        content = pdf.berita_acara_pdf(berita_acara)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{pdf.berita_acara_filename(berita_acara)}"'
    return response
