"""Demo data of the exchange app: the seed agreement's annex and correction proposals in every state.

Called by `manage.py load_demo` after the agreements demo; idempotent (a proposal whose demo NIP is already
on the seed agreement is left alone). Everything goes through the services, dated in working days before
`today`, so due dates, events, comments and the mail thread are what an officer would have produced.
The people are fictional: their NIPs are valid in structure, their sequence numbers start at 9, and their
names say they are examples.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django import forms
from django.utils import timezone

from agreements.models import Agreement, AgreementParty
from agreements.rules import is_working_day
from exchange.corrections import flow, services
from exchange.corrections.choices import CommentVisibility
from exchange.corrections.models import Proposal
from exchange.data.models import AnnexField, DataField
from exchange.data.services import lampiran_first_version
from portal.models import User

SEED_NUMBERS = ("26/HKM.07.01/X/2023", "35/HM.04.01/2023")
ANNEX_NOTE = "contoh: isi Lampiran tidak termuat dalam naskah"

# Pasal 3(1)(1) and 4(2)(1): BKN gives Kemendes ASN data; Pasal 3(2)(1): Kemendes gives BKN PSM data.
ANNEX = {
    (2, 1): (
        "nipBaru", "nama", "gelarDepan", "gelarBelakang", "tempatLahir", "tglLahir", "jenisKelamin",
        "statusPegawai", "kedudukanPnsNama", "tmtCpns", "tmtPns", "golRuangAkhir", "pangkatAkhir",
        "tmtGolAkhir", "jabatanNama", "jabatanFungsionalId", "jabatanFungsionalNama", "tmtJabatan",
        "unorId", "unorNama", "instansiKerjaNama", "pendidikanTerakhirNama", "golRuangAwal",
    ),
    (1, 2): (
        "nipBaru", "nama", "jabatanFungsionalId", "jabatanFungsionalNama", "tmtJabatan", "golRuangAkhir",
        "unorNama", "instansiKerjaNama", "lokasiKerja",
    ),
}  # fmt: skip


@dataclass(frozen=True)
class Step:
    """One thing that happens to a demo proposal, `days_ago` working days before today."""

    days_ago: int
    action: str
    by: str
    text: str = ""
    visibility: str = CommentVisibility.SHARED


@dataclass(frozen=True)
class DemoProposal:
    nip: str
    name: str
    proposer: int  # party order: 1 Kemendes, 2 BKN
    reason: str
    items: tuple[tuple[str, str, str], ...]  # (field code, current value, proposed value)
    steps: tuple[Step, ...] = field(default=())


K, B = "kemendes.penghubung", "bkn.penghubung"

PROPOSALS = (
    DemoProposal(
        "199001012015031901",
        "Andi Contoh",
        1,
        "Jabatan fungsional pada SIASN belum mengikuti SK pengangkatan sebagai PSM Ahli Pertama.",
        (("jabatanFungsionalNama", "Pelaksana", "Penggerak Swadaya Masyarakat Ahli Pertama"),),
        (Step(0, "create", K),),
    ),
    DemoProposal(
        "198703222010121902",
        "Budi Fiktif",
        1,
        "TMT jabatan tercatat tanggal SK, bukan tanggal pelantikan.",
        (("tmtJabatan", "2022-02-01", "2022-03-01"),),
        (Step(4, "create", K), Step(2, "submit", K)),
    ),
    DemoProposal(
        "199205102019032903",
        "Citra Peraga",
        1,
        "Kenaikan pangkat April lalu belum tercatat; SK kenaikan pangkat terlampir.",
        (("golRuangAkhir", "III/a", "III/b"), ("pangkatAkhir", "Penata Muda", "Penata Muda Tingkat I")),
        (
            Step(8, "create", K),
            Step(7, "submit", K),
            Step(6, "start_review", B),
            Step(5, "comment", B, "SK kenaikan pangkat sedang kami cocokkan dengan data Kantor Regional."),
            Step(5, "comment", B, "Arsip SK ada di Kanreg V; minta salinan lewat surat dinas.", "internal"),
            Step(4, "comment", K, "Salinan SK sudah dipindai dan disahkan Biro SDM.", "internal"),
            Step(3, "comment", K, "Terima kasih; bila perlu SK asli dapat kami tunjukkan."),
        ),
    ),
    DemoProposal(
        "198511302009032904",
        "Dewi Simulasi",
        1,
        "Unit organisasi berubah sejak penataan organisasi; PSM dipindahkan ke Direktorat baru.",
        (
            (
                "unorNama",
                "Direktorat Pemberdayaan Masyarakat Desa",
                "Direktorat Pengembangan Kapasitas Masyarakat",
            ),
        ),
        (
            Step(10, "create", K),
            Step(9, "submit", K),
            Step(8, "start_review", B),
            Step(3, "request_info", B, "Mohon lampirkan Keputusan Menteri tentang penataan organisasi."),
            Step(2, "comment", K, "Kepmen sedang dimintakan ke Biro Hukum.", "internal"),
        ),
    ),
    DemoProposal(
        "198902142014021905",
        "Eko Percobaan",
        1,
        "Tanggal lahir pada SIASN berbeda satu hari dengan akta kelahiran dan ijazah.",
        (("tglLahir", "1989-02-15", "1989-02-14"),),
        (Step(16, "create", K), Step(15, "submit", K), Step(13, "take", B), Step(12, "start_review", B)),
    ),
    DemoProposal(
        "199107082016081906",
        "Fajar Ilustrasi",
        1,
        "Kedudukan PNS masih tercatat tugas belajar padahal sudah kembali bertugas.",
        (("kedudukanPnsNama", "Tugas Belajar", "Aktif"),),
        (
            Step(14, "create", K),
            Step(13, "submit", K),
            Step(12, "start_review", B),
            Step(4, "accept", B, "Akan diterapkan bersama pemutakhiran bulan ini."),
        ),
    ),
    DemoProposal(
        "198612012011012907",
        "Gita Sampel",
        1,
        "Nama pada SIASN tanpa nama keluarga.",
        (("nama", "Gita", "Gita Sampel"),),
        (
            Step(18, "create", K),
            Step(17, "submit", K),
            Step(16, "start_review", B),
            Step(15, "comment", B, "Nama di akta dan SK CPNS hanya 'Gita'.", "internal"),
            Step(11, "reject", B, "Nama mengikuti SK CPNS; perubahan nama memerlukan penetapan pengadilan."),
        ),
    ),
    DemoProposal(
        "198304172008011908",
        "Hadi Tiruan",
        1,
        "Jenjang jabatan fungsional naik ke Ahli Muda; SK terlampir.",
        (
            (
                "jabatanFungsionalNama",
                "Penggerak Swadaya Masyarakat Ahli Pertama",
                "Penggerak Swadaya Masyarakat Ahli Muda",
            ),
            ("tmtJabatan", "2019-01-01", "2024-07-01"),
        ),
        (
            Step(25, "create", K),
            Step(24, "submit", K),
            Step(23, "start_review", B),
            Step(20, "accept", B),
            Step(15, "mark_applied", B, "SIASN-PD/2025/0917"),
        ),
    ),
    DemoProposal(
        "197911252005012909",
        "Indah Rekaan",
        1,
        "Pendidikan terakhir belum diperbarui setelah lulus S-2.",
        (("pendidikanTerakhirNama", "S-1 Ilmu Pemerintahan", "S-2 Pembangunan Wilayah dan Perdesaan"),),
        (
            Step(40, "create", K),
            Step(39, "submit", K),
            Step(38, "start_review", B),
            Step(35, "accept", B),
            Step(30, "mark_applied", B, "SIASN-PD/2025/0702"),
            Step(28, "close", K, "Sudah kami periksa di SIASN; terima kasih."),
        ),
    ),
    DemoProposal(
        "199303032020121910",
        "Joko Permisalan",
        1,
        "Golongan ruang awal keliru.",
        (("golRuangAwal", "II/c", "III/a"),),
        (
            Step(6, "create", K),
            Step(5, "submit", K),
            Step(3, "withdraw", K, "Ternyata data SIASN sudah benar."),
        ),
    ),
    DemoProposal(
        "198808082013032911",
        "Kartika Anggapan",
        2,
        "Data roster PSM Kemendes mencatat lokasi kerja lama; SIASN sudah mencatat mutasi.",
        (("lokasiKerja", "Kabupaten Bogor", "Kabupaten Sukabumi"),),
        (
            Step(5, "create", B),
            Step(4, "submit", B),
            Step(3, "start_review", K),
            Step(2, "comment", K, "Roster akan dimutakhirkan pada sinkronisasi berikutnya."),
            Step(2, "comment", B, "Kasus serupa kemungkinan ada di beberapa kabupaten lain.", "internal"),
        ),
    ),
)


def seed_agreement() -> Agreement | None:
    return (
        Agreement.objects.filter(is_example=False, parties__number=SEED_NUMBERS[0])
        .filter(parties__number=SEED_NUMBERS[1])
        .first()
    )


def working_days_before(day: date, n: int) -> date:
    while n > 0:
        day -= timedelta(days=1)
        if is_working_day(day):
            n -= 1
    return day


def _moment(today: date, days_ago: int, minute: int) -> datetime:
    day = working_days_before(today, days_ago)
    return timezone.make_aware(datetime.combine(day, time(9, 0)) + timedelta(minutes=7 * minute))


def load_annex(agreement: Agreement) -> int:
    parties = {p.order: p for p in agreement.parties.all()}
    fields = {f.code: f for f in DataField.objects.all()}
    made = 0
    for (giver, taker), codes in ANNEX.items():
        for code in codes:
            _line, created = AnnexField.objects.get_or_create(
                agreement=agreement,
                provider=parties[giver],
                receiver=parties[taker],
                field=fields[code],
                defaults={"note": ANNEX_NOTE},
            )
            made += created
    return made


def _play(
    spec: DemoProposal, parties: dict[int, AgreementParty], users: dict[str, User], today: date
) -> Proposal:
    fields = {f.code: f for f in DataField.objects.all()}
    proposal = None
    for minute, step in enumerate(spec.steps):
        now = _moment(today, step.days_ago, minute)
        user = users[step.by]
        match step.action:
            case "create":
                proposal = services.proposal_create(
                    acting_user=user,
                    receiving_party=parties[2 if spec.proposer == 1 else 1],
                    nip_value=spec.nip,
                    person_name=spec.name,
                    reason=spec.reason,
                    items=[services.ItemInput(fields[c], new, old) for c, old, new in spec.items],
                    now=now,
                )
            case "comment":
                services.comment_add(
                    acting_user=user, proposal=proposal, body=step.text, visibility=step.visibility, now=now
                )
            case _:
                declared = flow.STEPS[step.action]
                proposal = declared.service(
                    acting_user=user, proposal=proposal, now=now, **_inputs(declared, step.text, now)
                )
    return proposal


def _inputs(declared: flow.Step, text: str, now: datetime) -> dict:
    """A demo step's inputs: its text in every text field of the step, the day it happens in every date."""
    day = timezone.localdate(now)
    return {
        name: day if isinstance(form_field, forms.DateField) else text
        for name, form_field in declared.fields.items()
        if isinstance(form_field, forms.DateField | forms.CharField)
    }


def load(*, today: date, users: dict[str, User], stdout) -> None:
    agreement = seed_agreement()
    if agreement is None:
        stdout.write("Perjanjian seed belum ada; usulan perbaikan contoh dilewati.")
        return
    # The liaison officers act by their role and the parties' teams, which the agreements demo sets up.
    annexed = load_annex(agreement)
    lampiran_first_version(agreement=agreement)
    stdout.write(f"Lampiran elemen data perjanjian seed: {annexed} baris baru.")
    parties = {p.order: p for p in agreement.parties.all()}
    # Proposals are made while the agreement is in force: a demo dated after the seed's end plays them in
    # its last days in force (after the end only open proposals may still be closed).
    if agreement.last_day_in_force and today > agreement.last_day_in_force:
        today = agreement.last_day_in_force
    existing = set(Proposal.objects.filter(agreement=agreement).values_list("nip", flat=True))
    made = 0
    for spec in PROPOSALS:
        if spec.nip in existing:
            continue
        _play(spec, parties, users, today)
        made += 1
    stdout.write(f"Usulan perbaikan data contoh: {made} dibuat, {len(PROPOSALS) - made} sudah ada.")
