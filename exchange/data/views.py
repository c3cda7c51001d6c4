"""Pages of the data sets: per Lampiran direction its versions, a version with what changed, a record, the
NIP/name search, the roster import (mapping, preview, progress) and the outgoing file.

Everything loads through the selectors (a data set the user may not see is a 404). Personal data shows
unmasked only with the personal-data grant, and every page or file that shows it writes a row to the
hash-chained access log. Searches are posted and kept in the session, never in a URL.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from agreements.models import AgreementParty
from exchange.data import imports, outgoing, privacy, selectors, services
from exchange.data.choices import AccessAction, ImportStatus, VersionStatus
from exchange.data.forms import MappingForm, SearchForm, UploadForm
from exchange.data.models import DataField, DataImport, DataSet, DataSetVersion, Record

PAGE_SIZE = 50
PROBLEMS_PAGE_SIZE = 100
SEARCH_SESSION_KEY = "exchange.data.search"
SEARCH_LIMIT = 50
LAZY_DIFF_ROWS = 200_000
TABS = ("all", "added", "removed", "changed")


def _catalogue() -> dict[str, DataField]:
    return {field.code: field for field in DataField.objects.all()}


def dataset_list(request: HttpRequest) -> HttpResponse:
    """Per visible Lampiran direction: its data set, the last versions and what the user may do."""
    directions = selectors.directions_visible_to(request.user)
    versions = DataSetVersion.objects.order_by("-number").select_related("created_by")
    datasets = {
        (d.agreement_id, d.provider_id, d.receiver_id): d
        for d in selectors.datasets_visible_to(request.user).prefetch_related(
            Prefetch("versions", queryset=versions)
        )
    }
    rows = []
    for agreement, provider, receiver in directions:
        dataset = datasets.get((agreement.pk, provider.pk, receiver.pk))
        rows.append(
            {
                "agreement": agreement,
                "provider": provider,
                "receiver": receiver,
                "dataset": dataset,
                "versions": list(dataset.versions.all())[:5] if dataset else [],
                "gives": provider.institution_id == request.user.institution_id,
            }
        )
    return render(request, "exchange/data/dataset_list.html", {"rows": rows})


def _dataset(request: HttpRequest, pk: int) -> DataSet:
    return get_object_or_404(
        selectors.datasets_visible_to(request.user).select_related(
            "agreement", "provider__institution", "receiver__institution"
        ),
        pk=pk,
    )


def dataset_detail(request: HttpRequest, pk: int) -> HttpResponse:
    dataset = _dataset(request, pk)
    personal = selectors.can_view_personal_data(request.user, dataset)
    versions = Paginator(dataset.versions.select_related("created_by").order_by("-number"), PAGE_SIZE)
    latest = dataset.versions.filter(status=VersionStatus.READY).order_by("-number").first()
    query = request.session.get(SEARCH_SESSION_KEY, {}).get(str(dataset.pk), "")
    results = None
    if query and latest and personal:
        catalogue = _catalogue()
        found = list(privacy.search(latest, query)[:SEARCH_LIMIT])
        results = [privacy.row(r, latest.fields, catalogue, personal=True) for r in found]
        if results:
            services.access_record(
                user=request.user,
                action=AccessAction.SEARCH,
                version=latest,
                record_ids=[r.pk for r in found],
            )
    context = {
        "dataset": dataset,
        "versions": versions.get_page(request.GET.get("page")),
        "latest": latest,
        "personal": personal,
        "can_import": selectors.can_import(request.user, dataset),
        "imports": dataset.imports.filter(status__in=_OPEN_IMPORTS).select_related("created_by")[:10],
        "search_form": SearchForm(initial={"query": query}),
        "query": query,
        "results": results,
        "search_limit": SEARCH_LIMIT,
    }
    return render(request, "exchange/data/dataset_detail.html", context)


_OPEN_IMPORTS = [s for s in ImportStatus.values if s not in (ImportStatus.DONE,)]


@require_POST
def dataset_search(request: HttpRequest, pk: int) -> HttpResponse:
    """Keep the NIP or name searched for in the session (a URL would carry it into logs and history)."""
    dataset = _dataset(request, pk)
    form = SearchForm(request.POST)
    searches = dict(request.session.get(SEARCH_SESSION_KEY, {}))
    query = " ".join(form.data.get("query", "").split())[:100] if form.is_valid() else ""
    if query and not selectors.can_view_personal_data(request.user, dataset):
        messages.error(
            request, _("Pencarian NIP atau nama memerlukan hak akses data pribadi pada perjanjian ini.")
        )
        query = ""
    searches[str(dataset.pk)] = query
    request.session[SEARCH_SESSION_KEY] = searches
    return redirect("data:dataset_detail", pk=dataset.pk)


def _version(request: HttpRequest, pk: int) -> DataSetVersion:
    return get_object_or_404(
        selectors.versions_visible_to(request.user).select_related(
            "dataset__agreement",
            "dataset__provider__institution",
            "dataset__receiver__institution",
            "created_by",
        ),
        pk=pk,
    )


def version_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A version: where it came from, what changed against the previous one, and its rows page by page."""
    version = _version(request, pk)
    dataset = version.dataset
    personal = selectors.can_view_personal_data(request.user, dataset)
    if version.is_ready and not version.has_diff_counts and version.row_count <= LAZY_DIFF_ROWS:
        version = services.version_diff_count(version=version)
    tab = request.GET.get("tab") if request.GET.get("tab") in TABS else "all"
    rows = _tab_rows(version, tab) if version.is_ready else Record.objects.none()
    page = Paginator(rows.order_by("nip").only("pk", "nip", "values", "version_id"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    records = list(page.object_list)
    previous = {}
    if tab == "changed" and records:
        previous = dict(
            Record.objects.filter(
                version_id=version.previous_id, nip__in=[r.nip for r in records]
            ).values_list("nip", "values")
        )
    catalogue = _catalogue()
    lines = [
        privacy.row(record, version.fields, catalogue, personal=personal, before=previous.get(record.nip))
        for record in records
    ]
    if personal and records:
        services.access_record(
            user=request.user, action=AccessAction.LIST, version=version, record_ids=[r.pk for r in records]
        )
    context = {
        "version": version,
        "dataset": dataset,
        "tab": tab,
        "tabs": TABS,
        "page": page,
        "lines": lines,
        "personal": personal,
        "can_download": version.is_ready
        and selectors.can_download(request.user, dataset, today=timezone.localdate()),
        "fields": [catalogue[c] for c in version.fields if c in catalogue and c not in ("nipBaru", "nama")],
    }
    return render(request, "exchange/data/version_detail.html", context)


def _tab_rows(version: DataSetVersion, tab: str):
    if tab == "added":
        return services.added_records(version)
    if tab == "removed":
        return services.removed_records(version)
    if tab == "changed":
        return services.changed_records(version)
    return Record.objects.filter(version=version)


def record_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One person in one version, and the versions of the data set that hold the same NIP."""
    record = get_object_or_404(selectors.records_visible_to(request.user).select_related("version"), pk=pk)
    version = _version(request, record.version_id)
    dataset = version.dataset
    personal = selectors.can_view_personal_data(request.user, dataset)
    catalogue = _catalogue()
    others = (
        Record.objects.filter(version__dataset=dataset, version__status=VersionStatus.READY, nip=record.nip)
        .exclude(pk=record.pk)
        .select_related("version")
        .order_by("-version__number")
    )
    if personal:
        services.access_record(
            user=request.user, action=AccessAction.RECORD, version=version, record_ids=[record.pk]
        )
    context = {
        "record": record,
        "version": version,
        "dataset": dataset,
        "personal": personal,
        "line": privacy.row(record, version.fields, catalogue, personal=personal),
        "fields": privacy.fields_of(record, version, catalogue, personal=personal),
        "others": list(others[:20]),
    }
    return render(request, "exchange/data/record_detail.html", context)


def version_download(request: HttpRequest, pk: int) -> HttpResponse:
    """The version as a file for the receiving party: only the Lampiran fields; each download logged."""
    version = _version(request, pk)
    if not version.is_ready:
        raise Http404
    if not selectors.can_download(request.user, version.dataset, today=timezone.localdate()):
        raise PermissionDenied(_("Unduhan memerlukan hak akses data pribadi selama perjanjian berlaku."))
    kind = "xlsx" if request.GET.get("format") == "xlsx" else "csv"
    services.access_record(
        user=request.user, action=AccessAction.DOWNLOAD, version=version, row_count=version.row_count
    )
    return outgoing.response(version, kind)


# --- Import ---------------------------------------------------------------------------------------------


def import_start(request: HttpRequest, agreement: int, provider: int, receiver: int) -> HttpResponse:
    """Upload a roster for one Lampiran direction of the user's own institution."""
    giver = get_object_or_404(
        AgreementParty.objects.select_related("agreement", "institution"), pk=provider, agreement_id=agreement
    )
    if giver.institution_id != request.user.institution_id:
        raise Http404
    taker = get_object_or_404(
        AgreementParty.objects.select_related("institution"), pk=receiver, agreement_id=agreement
    )
    try:
        dataset = services.dataset_for_direction(agreement=giver.agreement, provider=giver, receiver=taker)
    except ValidationError:
        raise Http404 from None
    if not selectors.can_import(request.user, dataset):
        raise PermissionDenied(_("Anda tidak berhak mengimpor data untuk himpunan data ini."))
    form = UploadForm(request.POST or None, request.FILES or None)
    duplicate = False
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            data_import = imports.import_upload(
                dataset=dataset,
                file=upload,
                file_name=upload.name,
                acting_user=request.user,
                confirm_duplicate=form.cleaned_data["confirm_duplicate"],
            )
        except ValidationError as error:
            duplicate = isinstance(error, imports.DuplicateImport)
            for message in error.messages:
                form.add_error("file", message)
        else:
            return redirect("data:import_detail", pk=data_import.pk)
    fields = [f for f in _catalogue().values() if f.code in set(services._direction_fields(dataset))]
    context = {"dataset": dataset, "form": form, "fields": fields, "duplicate": duplicate}
    return render(request, "exchange/data/import_start.html", context)


def _import(request: HttpRequest, pk: int) -> DataImport:
    data_import = get_object_or_404(
        DataImport.objects.filter(dataset__in=selectors.datasets_visible_to(request.user)).select_related(
            "dataset__agreement",
            "dataset__provider__institution",
            "dataset__receiver__institution",
            "version",
        ),
        pk=pk,
    )
    if not selectors.can_import(request.user, data_import.dataset):
        raise Http404
    return data_import


def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Where an import stands: the mapping to confirm, the progress, the problems row by row, the preview."""
    data_import = _import(request, pk)
    dataset = data_import.dataset
    catalogue = _catalogue()
    fields = data_import.mapping.get("fields", [])
    form = MappingForm(
        headers=data_import.headers,
        choices=[(code, f"{catalogue[code].label} ({code})") for code in fields if code in catalogue],
        initial_columns=data_import.mapping.get("columns", []),
    )
    personal = selectors.can_view_personal_data(request.user, dataset)
    preview = [privacy.preview_row(row, fields, catalogue, personal=personal) for row in data_import.preview]
    if personal and preview and data_import.status in (ImportStatus.CHECKED, ImportStatus.REFUSED):
        services.access_record(
            user=request.user, action=AccessAction.PREVIEW, version=None, row_count=len(preview)
        )
    problems = Paginator(data_import.problems, PROBLEMS_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "data_import": data_import,
        "dataset": dataset,
        "form": form,
        "problems": problems,
        "preview": preview,
        "preview_fields": [catalogue[code] for code in fields if code in catalogue],
        "refresh": data_import.is_running,
    }
    return render(request, "exchange/data/import_detail.html", context)


@require_POST
def import_map(request: HttpRequest, pk: int) -> HttpResponse:
    data_import = _import(request, pk)
    catalogue = _catalogue()
    fields = data_import.mapping.get("fields", [])
    form = MappingForm(
        request.POST,
        headers=data_import.headers,
        choices=[(code, code) for code in fields if code in catalogue],
        initial_columns=[],
    )
    if not form.is_valid():
        messages.error(request, _("Pilihan elemen data tidak dikenal."))
        return redirect("data:import_detail", pk=data_import.pk)
    try:
        imports.import_map(data_import=data_import, columns=form.columns(), acting_user=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect("data:import_detail", pk=data_import.pk)


@require_POST
def import_store(request: HttpRequest, pk: int) -> HttpResponse:
    data_import = _import(request, pk)
    try:
        data_import = imports.import_store(data_import=data_import, acting_user=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("data:import_detail", pk=data_import.pk)
    if data_import.status == ImportStatus.DONE:
        messages.success(
            request, _("Tersimpan sebagai versi %(n)s (%(rows)s rekaman).")
            % {"n": data_import.version.number, "rows": data_import.version.row_count},
        )  # fmt: skip
        return redirect("data:version_detail", pk=data_import.version_id)
    return redirect(reverse("data:import_detail", args=[data_import.pk]))
