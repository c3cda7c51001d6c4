"""The figures of a semester report, taken from the portal's own records of the period, and how each section
reads. Collectors return JSON-safe dicts (kept with the run, so the page, the PDF and the XLSX agree);
presenters turn them into `portal.lib.report` sections, in the language that is active.

Every collector runs a fixed number of aggregate queries, whatever the period's traffic. Days are local
(Asia/Jakarta): a period runs from its first day 00:00 to the day after its last day 00:00.
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.contrib.auth.models import Group
from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from agreements.models import Agreement, MonevSession, ScopeItem
from exchange.api.choices import Endpoint, Outcome
from exchange.api.models import ExchangeLog
from exchange.corrections.clock import working_days_between
from exchange.corrections.models import PersonalDataAccess, Proposal
from exchange.data.choices import AccessAction, SourceKind, VersionStatus
from exchange.data.models import AnnexField, DataAccess, DataSetVersion
from exchange.matching.choices import Outcome as MatchOutcome
from exchange.matching.models import BeritaAcara, MatchRun
from exchange.sync.models import SyncRun
from portal.choices import Role
from portal.lib.report import Chart, Section, Table, number
from portal.lib.text_id import MONTH_NAMES, format_date
from portal.registry import registry

AGE_BUCKETS = ((0, 5, "0-5"), (6, 10, "6-10"), (11, 20, "11-20"), (21, None, ">20"))
ROLE_ORDER = (Role.PENGHUBUNG, Role.PIMPINAN, Role.STAF, Role.ADMINISTRATOR)


def bounds(start: date, end: date) -> tuple[datetime, datetime]:
    zone = timezone.get_current_timezone()
    return (
        datetime.combine(start, time.min, tzinfo=zone),
        datetime.combine(end + timedelta(days=1), time.min, tzinfo=zone),
    )


def _months(start: date, end: date) -> list[str]:
    months, day = [], start.replace(day=1)
    while day <= end:
        months.append(f"{day:%Y-%m}")
        day = (day + timedelta(days=32)).replace(day=1)
    return months


# --- Collectors ---------------------------------------------------------------------------------------


def web_service(agreement: Agreement, start: date, end: date) -> dict:
    """Calls and records of the web service by purpose, client, field and month; refusals by cause."""
    since, until = bounds(start, end)
    log = ExchangeLog.objects.filter(agreement=agreement, occurred_at__gte=since, occurred_at__lt=until)
    granted = Q(outcome=Outcome.GRANTED)
    totals = log.aggregate(
        calls=Count("id"),
        granted=Count("id", filter=granted),
        refused=Count("id", filter=~granted),
        records=Sum("record_count", filter=granted, default=0),
    )
    by_purpose = {
        row["purpose"] or "-": [row["calls"], row["records"]]
        for row in log.filter(granted)
        .values("purpose")
        .annotate(calls=Count("id"), records=Sum("record_count", default=0))
        .order_by("purpose")
    }
    by_client = {
        row["client__name"] or _("(klien tidak dikenal)"): [row["calls"], row["records"], row["refused"]]
        for row in log.values("client__name")
        .annotate(
            calls=Count("id", filter=granted),
            records=Sum("record_count", filter=granted, default=0),
            refused=Count("id", filter=~granted),
        )
        .order_by("client__name")
    }
    refusals = {
        row["problem"] or "-": row["n"]
        for row in log.exclude(granted).values("problem").annotate(n=Count("id")).order_by("-n", "problem")
    }
    served = {
        (row["provider"], row["receiver"]): row["records"]
        for row in log.filter(granted, endpoint__in=[Endpoint.QUERY, Endpoint.PULL])
        .values("provider", "receiver")
        .annotate(records=Sum("record_count", default=0))
    }
    by_field: Counter[str] = Counter()
    for line in AnnexField.objects.filter(agreement=agreement).values("provider", "receiver", "field__label"):
        records = served.get((line["provider"], line["receiver"]), 0)
        if records:
            by_field[line["field__label"]] += records
    by_month = {month: [0, 0] for month in _months(start, end)}
    for row in log.annotate(month=_month("occurred_at")).values("month", "outcome").annotate(n=Count("id")):
        key = f"{timezone.localtime(row['month']):%Y-%m}" if row["month"] else ""
        if key in by_month:
            by_month[key][0 if row["outcome"] == Outcome.GRANTED else 1] += row["n"]
    return {
        **totals,
        "by_purpose": _pairs(by_purpose),
        "by_client": _pairs(by_client),
        "refusals": _pairs(refusals),
        "by_field": sorted(by_field.items(), key=lambda item: (-item[1], item[0])),
        "by_month": _pairs(by_month),
    }


def _pairs(mapping: dict) -> list[list]:
    """Ordered figures as [key, value] pairs: a JSON object's keys lose their order in PostgreSQL's jsonb."""
    return [[key, value] for key, value in mapping.items()]


def _month(name: str):
    from django.db.models.functions import TruncMonth

    return TruncMonth(name, tzinfo=timezone.get_current_timezone())


def files(agreement: Agreement, start: date, end: date) -> dict:
    """Files handed over (outgoing files downloaded) and data received by import or sync (new versions)."""
    since, until = bounds(start, end)
    versions = DataSetVersion.objects.filter(dataset__agreement=agreement)
    downloads = DataAccess.objects.filter(
        action=AccessAction.DOWNLOAD,
        version__in=versions,
        occurred_at__gte=since,
        occurred_at__lt=until,
    )
    handed = {
        f"{row['version__dataset__name']} v{row['version__number']}": [row["n"], row["rows"]]
        for row in downloads.values("version__dataset__name", "version__number")
        .annotate(n=Count("id"), rows=Sum("row_count", default=0))
        .order_by("version__dataset__name", "version__number")
    }
    loaded = versions.filter(created_at__gte=since, created_at__lt=until).exclude(status=VersionStatus.FAILED)
    received = {
        row["source_kind"]: [row["n"], row["rows"]]
        for row in loaded.values("source_kind")
        .annotate(n=Count("id"), rows=Sum("row_count", default=0))
        .order_by("source_kind")
    }
    return {
        "downloads": sum(n for n, _rows in handed.values()),
        "download_rows": sum(rows for _n, rows in handed.values()),
        "handed": _pairs(handed),
        "versions": sum(n for n, _rows in received.values()),
        "received": _pairs(received),
    }


def sync_runs(agreement: Agreement, start: date, end: date) -> dict:
    since, until = bounds(start, end)
    runs = SyncRun.objects.filter(agreement=agreement, created_at__gte=since, created_at__lt=until)
    totals = runs.aggregate(
        runs=Count("id"),
        fetched=Sum("fetched", default=0),
        not_found=Sum("not_found", default=0),
        failed_items=Sum("failed", default=0),
    )
    by_status = {
        row["status"]: row["n"] for row in runs.values("status").annotate(n=Count("id")).order_by("status")
    }
    errors = {
        row["error"]: row["n"]
        for row in runs.exclude(error="").values("error").annotate(n=Count("id")).order_by("-n", "error")
    }
    return {**totals, "by_status": _pairs(by_status), "errors": _pairs(errors)}


def matching(agreement: Agreement, start: date, end: date) -> dict:
    since, until = bounds(start, end)
    runs = list(
        MatchRun.objects.filter(agreement=agreement, created_at__gte=since, created_at__lt=until).values(
            "id", "status", "counts"
        )
    )
    outcomes: Counter[str] = Counter()
    for run in runs:
        for outcome, n in ((run["counts"] or {}).get("outcome") or {}).items():
            outcomes[outcome] += int(n)
    minutes = [
        [row["number"], row["dated_on"].isoformat(), bool(row["completed_at"]), f"PM-{row['run_id']:05d}"]
        for row in BeritaAcara.objects.filter(
            run__agreement=agreement, dated_on__gte=start, dated_on__lte=end
        )
        .values("number", "dated_on", "completed_at", "run_id")
        .order_by("dated_on", "pk")
    ]
    return {
        "runs": len(runs),
        "done": sum(1 for run in runs if run["status"] == "done"),
        "failed": sum(1 for run in runs if run["status"] == "failed"),
        "outcomes": [[o.value, outcomes.get(o.value, 0)] for o in MatchOutcome],
        "berita_acara": minutes,
    }


def proposals(agreement: Agreement, start: date, end: date) -> dict:
    """Raised and closed in the period, time to close in working days, open at its end by age."""
    rows = Proposal.objects.filter(agreement=agreement, submitted_on__isnull=False, submitted_on__lte=end)
    raised = rows.filter(submitted_on__gte=start)
    raised_by = {
        row["proposing_party__institution__short_name"] or row["proposing_party__institution__name"]: row["n"]
        for row in raised.values(
            "proposing_party__institution__short_name", "proposing_party__institution__name"
        )
        .annotate(n=Count("id"))
        .order_by("proposing_party__order")
    }
    closed = list(
        rows.filter(closed_on__gte=start, closed_on__lte=end).values_list("submitted_on", "closed_on")
    )
    days = [working_days_between(submitted, closed_on) for submitted, closed_on in closed]
    still_open = rows.filter(Q(closed_on__isnull=True) | Q(closed_on__gt=end)).filter(
        Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=end)
    )
    ages = Counter()
    for submitted in still_open.values_list("submitted_on", flat=True):
        age = working_days_between(submitted, end)
        label = next(lbl for low, high, lbl in AGE_BUCKETS if age >= low and (high is None or age <= high))
        ages[label] += 1
    return {
        "raised": raised.count(),
        "raised_by": _pairs(raised_by),
        "closed": len(closed),
        "withdrawn": rows.filter(withdrawn_on__gte=start, withdrawn_on__lte=end).count(),
        "open": sum(ages.values()),
        "open_by_age": [[label, ages.get(label, 0)] for _low, _high, label in AGE_BUCKETS],
        "days_mean": round(statistics.fmean(days), 1) if days else None,
        "days_median": statistics.median(days) if days else None,
        "days_max": max(days) if days else None,
    }


def personal_reads(agreement: Agreement, start: date, end: date) -> dict:
    """Reads of personal data logged in the period (data sets, match results, proposals), by role and kind."""
    since, until = bounds(start, end)
    in_period = {"occurred_at__gte": since, "occurred_at__lt": until}
    data = list(
        DataAccess.objects.filter(version__dataset__agreement=agreement, **in_period).values_list(
            "user_id", "action"
        )
    )
    proposal_ids = set(Proposal.objects.filter(agreement=agreement).values_list("pk", flat=True))
    tickets = [
        (user_id, action)
        for user_id, action, proposal_id, ids in PersonalDataAccess.objects.filter(**in_period).values_list(
            "user_id", "action", "proposal_id", "proposal_ids"
        )
        if proposal_id in proposal_ids or proposal_ids.intersection(ids or ())
    ]
    users = {user_id for user_id, _action in data + tickets}
    groups = defaultdict(set)
    for user_id, name in Group.objects.filter(user__in=users).values_list("user", "name"):
        groups[user_id].add(name)

    def role_of(user_id: int) -> str:
        return next((r.value for r in ROLE_ORDER if r.value in groups[user_id]), "-")

    by_role = Counter(role_of(user_id) for user_id, _action in data + tickets)
    kinds = Counter(f"data:{action}" for _u, action in data) + Counter(f"usulan:{a}" for _u, a in tickets)
    return {
        "reads": len(data) + len(tickets),
        "readers": len(users),
        "by_role": [[r, n] for r in (*(r.value for r in ROLE_ORDER), "-") if (n := by_role.get(r))],
        "by_kind": sorted(kinds.items()),
    }


def monev(agreement: Agreement, start: date, end: date) -> dict:
    sessions = MonevSession.objects.filter(agreement=agreement, held_on__gte=start, held_on__lte=end)
    return {
        "sessions": [
            [row["held_on"].isoformat(), row["place"], row["minutes"][:300]]
            for row in sessions.values("held_on", "place", "minutes").order_by("held_on", "pk")
        ]
    }


# --- Presenters ---------------------------------------------------------------------------------------


def _scope_labels(agreement_id: int) -> dict[str, str]:
    return {
        item.letter: item.text[:80]
        for item in ScopeItem.objects.filter(agreement_id=agreement_id).only("order", "text")
    }


def present_web_service(f: dict, context: dict) -> Section:
    scope = context.get("scope", {})
    purposes = [
        [f"{code}. {scope[code]}" if code in scope else code, calls, records]
        for code, (calls, records) in f["by_purpose"]
    ]
    months = dict(f["by_month"])
    labels = [f"{str(MONTH_NAMES[int(key[5:7]) - 1])[:3]} {key[:4]}" for key in months]
    return Section(
        code="web_service",
        title=_("Penggunaan layanan web"),
        intro=_(
            "Permintaan sistem mitra kepada layanan web portal (Pasal 4): setiap permintaan, dilayani atau "
            "ditolak, tercatat pada log pertukaran yang berantai hash."
        ),
        summary=[
            (_("Permintaan"), f["calls"]),
            (_("Dilayani"), f["granted"]),
            (_("Ditolak"), f["refused"]),
            (_("Rekaman yang dilayani"), f["records"]),
        ],
        tables=[
            Table(
                _("Menurut tujuan penggunaan"),
                [_("Tujuan"), _("Permintaan"), _("Rekaman")],
                purposes,
                _("Tidak ada permintaan yang dilayani."),
            ),  # fmt: skip
            Table(
                _("Menurut klien"),
                [_("Klien"), _("Dilayani"), _("Rekaman"), _("Ditolak")],
                [[name, *values] for name, values in f["by_client"]],
                _("Tidak ada klien yang memanggil layanan web."),
            ),
            Table(
                _("Menurut elemen data"),
                [_("Elemen data"), _("Rekaman yang memuatnya")],
                [[label, n] for label, n in f["by_field"]],
                _("Tidak ada elemen data yang dilayani."),
            ),
            Table(
                _("Penolakan menurut sebab"),
                [_("Sebab"), _("Jumlah")],
                [[problem, n] for problem, n in f["refusals"]],
                _("Tidak ada permintaan yang ditolak."),
            ),
        ],
        charts=[
            Chart(_("Permintaan dilayani per bulan"), labels, [v[0] for v in months.values()]),
            Chart(_("Permintaan ditolak per bulan"), labels, [v[1] for v in months.values()]),
        ],
    )


def present_files(f: dict, context: dict) -> Section:
    kinds = dict(SourceKind.choices)
    return Section(
        code="files",
        title=_("Penyerahan dan penerimaan berkas data"),
        intro=_(
            "Berkas himpunan data yang diunduh pihak penerima dan versi data yang dimuat pada periode ini."
        ),
        summary=[
            (_("Berkas diunduh"), f["downloads"]),
            (_("Baris dalam berkas diunduh"), f["download_rows"]),
            (_("Versi data dimuat"), f["versions"]),
        ],
        tables=[
            Table(
                _("Berkas yang diserahkan"),
                [_("Himpunan data"), _("Unduhan"), _("Baris")],
                [[name, *values] for name, values in f["handed"]],
                _("Tidak ada berkas yang diunduh."),
            ),
            Table(
                _("Data yang diterima"),
                [_("Sumber"), _("Versi"), _("Rekaman")],
                [[str(kinds.get(kind, kind)), *values] for kind, values in f["received"]],
                _("Tidak ada versi data yang dimuat."),
            ),
        ],
    )


def present_sync(f: dict, context: dict) -> Section:
    from exchange.sync.choices import RunStatus

    labels = dict(RunStatus.choices)
    return Section(
        code="sync",
        title=_("Sinkronisasi data dari sistem mitra"),
        summary=[
            (_("Sinkronisasi"), f["runs"]),
            (_("Rekaman diambil"), f["fetched"]),
            (_("Tidak ditemukan"), f["not_found"]),
            (_("Gagal diambil"), f["failed_items"]),
        ],
        tables=[
            Table(
                _("Menurut status"),
                [_("Status"), _("Jumlah")],
                [[str(labels.get(s, s)), n] for s, n in f["by_status"]],
                _("Tidak ada sinkronisasi pada periode ini."),
            ),
            Table(
                _("Kegagalan menurut sebab"),
                [_("Sebab"), _("Jumlah")],
                [[e, n] for e, n in f["errors"]],
                _("Tidak ada sinkronisasi yang gagal."),
            ),
        ],
    )


def present_matching(f: dict, context: dict) -> Section:
    labels = dict(MatchOutcome.choices)
    outcomes = dict(f["outcomes"])
    return Section(
        code="matching",
        title=_("Pemadanan data dan berita acara"),
        summary=[
            (_("Pemadanan"), f["runs"]),
            (_("Selesai"), f["done"]),
            (_("Gagal"), f["failed"]),
            (_("Berita acara"), len(f["berita_acara"])),
        ],
        tables=[
            Table(
                _("Berita acara hasil pemadanan data"),
                [_("Nomor"), _("Tanggal"), _("Pemadanan"), _("Ditandatangani lengkap")],
                [
                    [number_, format_date(date.fromisoformat(day)), run, _("ya") if done else _("belum")]
                    for number_, day, done, run in f["berita_acara"]
                ],
                _("Tidak ada berita acara pada periode ini."),
            ),
        ],
        charts=[
            Chart(_("Hasil pemadanan (orang)"), [str(labels[o]) for o in outcomes], list(outcomes.values()))
        ],
    )


def present_proposals(f: dict, context: dict) -> Section:
    def days(value) -> str:
        return "-" if value is None else number(value)

    return Section(
        code="proposals",
        title=_("Usulan perbaikan data"),
        summary=[
            (_("Diajukan"), f["raised"]),
            (_("Ditutup"), f["closed"]),
            (_("Ditarik"), f["withdrawn"]),
            (_("Masih terbuka di akhir periode"), f["open"]),
            (_("Rata-rata waktu penyelesaian (hari kerja)"), days(f["days_mean"])),
            (_("Median waktu penyelesaian (hari kerja)"), days(f["days_median"])),
            (_("Waktu penyelesaian terlama (hari kerja)"), days(f["days_max"])),
        ],
        tables=[
            Table(
                _("Diajukan menurut pihak pengusul"),
                [_("Pihak"), _("Usulan")],
                [[party, n] for party, n in f["raised_by"]],
                _("Tidak ada usulan yang diajukan."),
            ),
            Table(
                _("Usulan terbuka menurut umur (hari kerja)"),
                [_("Umur"), _("Usulan")],
                [[age, n] for age, n in f["open_by_age"]],
            ),
        ],
        charts=[
            Chart(
                _("Usulan terbuka menurut umur (hari kerja)"),
                [age for age, _n in f["open_by_age"]],
                [n for _age, n in f["open_by_age"]],
            )
        ],
    )


def present_personal(f: dict, context: dict) -> Section:
    from exchange.corrections.choices import AccessAction as TicketAction

    roles = dict(Role.choices)
    kinds = {f"data:{k}": v for k, v in AccessAction.choices} | {
        f"usulan:{k}": v for k, v in TicketAction.choices
    }
    return Section(
        code="personal",
        title=_("Akses data pribadi"),
        intro=_(
            "Setiap pembacaan data pribadi (NIP, nama, tanggal lahir) tercatat pada log akses (Pasal 9); "
            "angka di bawah dihitung dari log tersebut."
        ),
        summary=[(_("Pembacaan"), f["reads"]), (_("Pengguna yang membaca"), f["readers"])],
        tables=[
            Table(
                _("Menurut peran"),
                [_("Peran"), _("Pembacaan")],
                [[str(roles.get(r, r)), n] for r, n in f["by_role"]],
                _("Tidak ada pembacaan data pribadi."),
            ),
            Table(
                _("Menurut jenis akses"),
                [_("Jenis akses"), _("Pembacaan")],
                [[str(kinds.get(k, k)), n] for k, n in f["by_kind"]],
                _("Tidak ada pembacaan data pribadi."),
            ),
        ],
    )


def present_monev(f: dict, context: dict) -> Section:
    return Section(
        code="monev",
        title=_("Pemantauan dan evaluasi"),
        summary=[(_("Sesi monev"), len(f["sessions"]))],
        tables=[
            Table(
                _("Sesi monev (Pasal 7)"),
                [_("Tanggal"), _("Tempat"), _("Hasil")],
                [
                    [format_date(date.fromisoformat(day)), place or "-", text]
                    for day, place, text in f["sessions"]
                ],
                _("Tidak ada sesi monev pada periode ini."),
            )
        ],
    )


@dataclass(frozen=True)
class OwnSection:
    code: str
    order: int
    collect: Callable[[Agreement, date, date], dict]
    present: Callable[[dict, dict], Section]


OWN = (
    OwnSection("web_service", 10, web_service, present_web_service),
    OwnSection("files", 20, files, present_files),
    OwnSection("sync", 30, sync_runs, present_sync),
    OwnSection("matching", 40, matching, present_matching),
    OwnSection("proposals", 50, proposals, present_proposals),
    OwnSection("personal", 60, personal_reads, present_personal),
    OwnSection("monev", 90, monev, present_monev),
)


def collect(agreement: Agreement, start: date, end: date, progress: Callable[[int], None]) -> dict:
    """Every section's figures of the period, the report's own and those other apps registered."""
    contributed = list(registry.report_sections)
    steps = len(OWN) + len(contributed)
    sections: dict[str, dict] = {}
    for index, own in enumerate(OWN, start=1):
        sections[own.code] = own.collect(agreement, start, end)
        progress(int(90 * index / steps))
    for index, extra in enumerate(contributed, start=len(OWN) + 1):
        sections[extra.code] = extra.collect(agreement.pk, start, end)
        progress(int(90 * index / steps))
    return {"period": [start.isoformat(), end.isoformat()], "sections": sections}


def present(figures: dict, agreement_id: int) -> list[Section]:
    """The sections in their order, as the active language reads them."""
    context = {"scope": _scope_labels(agreement_id)}
    found = figures.get("sections", {})
    ordered: list[tuple[int, Section]] = [
        (own.order, own.present(found[own.code], context)) for own in OWN if own.code in found
    ]
    ordered += [(extra.order, extra.present(found[extra.code])) for extra in registry.report_sections
                if extra.code in found]  # fmt: skip
    return [section for _order, section in sorted(ordered, key=lambda pair: pair[0])]
