"""Pages of the semester reports: the periods of an agreement, a report's page (progress while it is computed,
its figures, the form for kendala and rencana tindak lanjut, the issue), its PDF and its XLSX.

Each view loads through a selector, so a report of an agreement the user's institution is no party to is a
404; writing is for the obligated party's keepers of the records, and the services refuse anyone else. The
report holds counts only: no personal data is shown, so no read is logged here.
"""

from __future__ import annotations

from dataclasses import replace

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from agreements.models import ObligationDue
from agreements.selectors import agreements_visible_to
from exchange.reports import figures, pdf, selectors, services, xlsx
from exchange.reports.forms import CompleteForm
from exchange.reports.models import ReportRun
from portal.lib import report

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _errors(request: HttpRequest, exc: ValidationError | PermissionDenied) -> None:
    for message in exc.messages if isinstance(exc, ValidationError) else [str(exc)]:
        messages.error(request, message)


def _run(request: HttpRequest, pk: int) -> ReportRun:
    try:
        return selectors.run_detail(request.user, pk)
    except ReportRun.DoesNotExist:
        raise Http404 from None


def period_list(request: HttpRequest, agreement_pk: int) -> HttpResponse:
    agreement = get_object_or_404(
        agreements_visible_to(request.user).prefetch_related("parties__institution"), pk=agreement_pk
    )
    today = timezone.localdate()
    rows = selectors.periods_of(request.user, agreement, today=today)
    return render(
        request, "exchange/reports/period_list.html", {"agreement": agreement, "rows": rows, "today": today}
    )


@require_POST
def run_request(request: HttpRequest, due_pk: int) -> HttpResponse:
    due = get_object_or_404(
        ObligationDue.objects.filter(obligation__agreement__in=agreements_visible_to(request.user)), pk=due_pk
    )
    try:
        run = services.report_run_request(acting_user=request.user, due=due)
    except (ValidationError, PermissionDenied) as exc:
        _errors(request, exc)
        return redirect("reports:period_list", due.obligation.agreement_id)
    messages.success(
        request,
        _("Laporan %(ref)s sedang disusun; halaman ini menampilkan kemajuannya.") % {"ref": run.reference},
    )
    return redirect(run)


def run_status(request: HttpRequest, pk: int) -> JsonResponse:
    """What the progress bar polls: status and percent."""
    run = _run(request, pk)
    return JsonResponse({"status": run.status, "progress": run.progress, "done": not run.is_running})


def _shown(value):
    return report.number(value) if isinstance(value, int | float) and not isinstance(value, bool) else value


def _blocks(sections: list[report.Section]) -> list[dict]:
    """The sections as the page shows them: numbers with their separators, charts as bars in a 400-wide SVG
    (labels in the first 150, bars up to 200)."""
    blocks = []
    for section in sections:
        charts = []
        for chart in section.charts:
            if chart.is_empty:
                continue
            top = max(chart.values)
            bars = [
                {"label": label, "value": _shown(value), "width": round(200 * value / top), "y": i * 22}
                for i, (label, value) in enumerate(zip(chart.labels, chart.values, strict=True))
            ]
            charts.append({"title": chart.title, "bars": bars, "height": len(bars) * 22})
        shown = replace(
            section,
            summary=[(label, _shown(value)) for label, value in section.summary],
            tables=[replace(t, rows=[[_shown(c) for c in row] for row in t.rows]) for t in section.tables],
        )
        blocks.append({"section": shown, "charts": charts})
    return blocks


def _render_detail(request: HttpRequest, run: ReportRun, form: CompleteForm | None = None) -> HttpResponse:
    can_write = selectors.can_write(request.user, run)
    if form is None and can_write and run.is_draft:
        form = CompleteForm(initial={"kendala": run.kendala, "rencana": run.rencana})
    sections = figures.present(run.figures, run.agreement_id) if run.figures else []
    return render(
        request,
        "exchange/reports/run_detail.html",
        {
            "run": run,
            "agreement": run.agreement,
            "blocks": _blocks(sections),
            "form": form if can_write and run.is_draft else None,
            "can_write": can_write,
            "period": pdf.period_text(run),
        },
    )


def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_detail(request, _run(request, pk))


@require_POST
def run_complete(request: HttpRequest, pk: int) -> HttpResponse:
    run = _run(request, pk)
    form = CompleteForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, run, form)
    try:
        services.report_run_complete(
            acting_user=request.user,
            run=run,
            kendala=form.cleaned_data["kendala"],
            rencana=form.cleaned_data["rencana"],
        )
    except (ValidationError, PermissionDenied) as exc:
        _errors(request, exc)
        return _render_detail(request, run, form)
    messages.success(request, _("Kendala dan rencana tindak lanjut disimpan."))
    return redirect(run)


@require_POST
def run_issue(request: HttpRequest, pk: int) -> HttpResponse:
    run = _run(request, pk)
    try:
        run = services.report_run_issue(acting_user=request.user, run=run)
    except (ValidationError, PermissionDenied) as exc:
        _errors(request, exc)
        return redirect(run)
    messages.success(
        request,
        _("Laporan %(number)s diterbitkan; kewajiban laporan periode ini tercatat terpenuhi.")
        % {"number": run.number},
    )
    return redirect(run)


def _download(content: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def run_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The issued PDF as filed; a draft's preview, printed now, is marked as a draft by its missing number."""
    run = _run(request, pk)
    if run.is_running or not run.figures:
        raise Http404
    if run.is_issued and run.document_id:
        with run.document.file.open("rb") as handle:
            return _download(handle.read(), "application/pdf", pdf.report_filename(run))
    return _download(pdf.report_pdf(run), "application/pdf", pdf.report_filename(run))


def run_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    run = _run(request, pk)
    if run.is_running or not run.figures:
        raise Http404
    content = bytes(run.workbook) if run.is_issued and run.workbook else xlsx.report_xlsx(run)
    return _download(content, XLSX, pdf.report_filename(run).replace(".pdf", ".xlsx"))
