"""Demo data: the seed agreement exactly as signed (and extended, once the demo's today reaches the
extension), and example agreements dated relative to today.

Called by `manage.py load_demo`; idempotent: what is there already is left as it is and nothing is added
twice. Everything is written through the services, as an officer would through the forms.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.utils.translation import gettext as _

from agreements import rules, services
from agreements.choices import (
    AmendmentKind,
    AppointmentBasis,
    ClauseTag,
    InvitationStatus,
    NoticeKind,
    ObligationKind,
    Recurrence,
)
from agreements.models import Agreement, ObligationDue, TeamMember
from agreements.seed_text import CLAUSES
from portal.lib.text_id import roman_month
from portal.models import User

SEED_TITLE = "Pertukaran dan Pemanfaatan Data dan/atau Informasi Aparatur Sipil Negara"
SEED_NUMBERS = ("26/HKM.07.01/X/2023", "35/HM.04.01/2023")
SEED_SIGNED_ON = date(2023, 10, 9)
# The seed as signed ended on 8 October 2025. What the parties would have done to keep it going (Pasal 6(1),
# 6(2), Pasal 12), made up for the demo and recorded only on a demo whose `today` has reached it: PIHAK
# KESATU's written notice before the notice deadline (8 September 2025), then an extension by amendment
# signed on a working day while the agreement was still in force. Their texts are the seed's data, in
# Indonesian as the parties would write them, like the seed's own.
SEED_RENEWAL_NOTICE_ON = date(2025, 8, 25)
SEED_EXTENSION_SIGNED_ON = date(2025, 9, 30)
SEED_EXTENSION_MONTHS = 24

SEED_PARTIES = (
    {
        "code": "kemendes",
        "number": SEED_NUMBERS[0],
        "signatory_name": "TAUFIK MADJID",
        "signatory_position": (
            "Sekretaris Jenderal Kementerian Desa, Pembangunan Daerah Tertinggal, dan Transmigrasi"
        ),
        "appointment_basis": AppointmentBasis.KEPPRES,
        "appointment_number": "174/TPA Tahun 2020",
        "appointment_date": date(2020, 10, 23),
        "address": "Jalan Taman Makam Pahlawan Kalibata Nomor 17, Jakarta Selatan 12750",
        "description": (
            "Kementerian yang mempunyai tugas menyelenggarakan urusan pemerintahan di bidang pembangunan "
            "desa dan perdesaan, pemberdayaan masyarakat desa, percepatan pembangunan daerah tertinggal, dan "
            "transmigrasi"
        ),
    },
    {
        "code": "bkn",
        "number": SEED_NUMBERS[1],
        "signatory_name": "IMAS SUKMARIAH",
        "signatory_position": "Sekretaris Utama Badan Kepegawaian Negara",
        "appointment_basis": AppointmentBasis.KEPPRES,
        "appointment_number": "171/TPA Tahun 2020",
        "appointment_date": date(2020, 9, 24),
        "address": "Jalan Mayjen Sutoyo Nomor 12, Cililitan, Kramat Jati, Jakarta Timur",
        "description": (
            "lembaga pemerintah nonkementerian yang diberi kewenangan melakukan pembinaan dan "
            "menyelenggarakan manajemen Aparatur Sipil Negara secara nasional"
        ),
    },
)

SEED_SCOPE = (
    "pertukaran dan pemanfaatan data dan/atau informasi ASN jabatan fungsional PSM",
    "pertukaran dan pemanfaatan data dan/atau informasi ASN",
)

# Pasal 8, as printed in the agreement.
SEED_CONTACTS = (
    {
        "order": 1,
        "unit": "Kepala Biro Hubungan Masyarakat, Sekretariat Jenderal",
        "address": "Jalan Taman Makam Pahlawan Kalibata Nomor 17, Jakarta Selatan 12750, Lantai 1",
        "phone": "(021) 791 98670",
        "email": "humas@kemendes.go.id",
    },
    {
        "order": 2,
        "unit": "Direktur Pengelolaan Data dan Penyajian Informasi Kepegawaian",
        "address": "Jalan Mayjen Sutoyo Nomor 12 Cililitan Jakarta Timur",
        "phone": "(021) 8093008 ext. 2101",
        "email": "pdpik@bkn.go.id",
    },
)

# (party order, kind, clause, title, recurrence, survives the end)
SEED_OBLIGATIONS = (
    (
        1,
        ObligationKind.DATA_ACCESS,
        "Pasal 3 ayat (2) angka 1",
        "Memberikan akses terbatas data kepegawaian ASN jabatan fungsional PSM kepada PIHAK KEDUA",
        Recurrence.CONTINUOUS,
        False,
    ),
    (
        1,
        ObligationKind.BERITA_ACARA,
        "Pasal 3 ayat (2) angka 2",
        "Menyampaikan berita acara hasil pemadanan data sesuai kebutuhan",
        Recurrence.AS_NEEDED,
        False,
    ),
    (
        1,
        ObligationKind.REPORT,
        "Pasal 3 ayat (2) angka 2",
        "Laporan hasil pemanfaatan serta pertukaran data dan/atau informasi kepegawaian ASN",
        Recurrence.PERIODIC,
        False,
    ),
    (
        1,
        ObligationKind.CORRECTION_INFO,
        "Pasal 3 ayat (2) angka 3",
        "Menyediakan informasi usulan perbaikan data dan/atau informasi kepegawaian ASN pada SIASN",
        Recurrence.CONTINUOUS,
        False,
    ),
    (
        1,
        ObligationKind.PROBLEM_RESOLUTION,
        "Pasal 3 ayat (2) angka 4",
        "Menyelesaikan permasalahan data kepegawaian ASN yang diterima dari PIHAK KEDUA",
        Recurrence.AS_NEEDED,
        False,
    ),
    (
        2,
        ObligationKind.DATA_ACCESS,
        "Pasal 4 ayat (2) angka 1",
        "Memberikan akses terbatas data dan/atau informasi kepegawaian ASN kepada PIHAK KESATU",
        Recurrence.CONTINUOUS,
        False,
    ),
    (
        2,
        ObligationKind.PROBLEM_RESOLUTION,
        "Pasal 4 ayat (2) angka 2",
        "Menyelesaikan permasalahan data kepegawaian ASN yang diterima dari PIHAK KESATU",
        Recurrence.AS_NEEDED,
        False,
    ),
    (
        1,
        ObligationKind.MONEV,
        "Pasal 7",
        "Pemantauan dan evaluasi PARA PIHAK, sendiri maupun bersama-sama",
        Recurrence.PERIODIC,
        False,
    ),
    (
        1,
        ObligationKind.OTHER,
        "Pasal 9",
        "Menjaga kerahasiaan dan keamanan data yang diterima",
        Recurrence.CONTINUOUS,
        True,
    ),
    (
        2,
        ObligationKind.OTHER,
        "Pasal 9",
        "Menjaga kerahasiaan dan keamanan data yang diterima",
        Recurrence.CONTINUOUS,
        True,
    ),
)


# What each article of the seed governs: letters, pages and reminders cite these numbers.
SEED_CLAUSE_TAGS = {
    3: [ClauseTag.REPORTS],
    6: [ClauseTag.TERM, ClauseTag.NOTICE],
    7: [ClauseTag.MONEV],
    9: [ClauseTag.CONFIDENTIALITY],
    10: [ClauseTag.FORCE_MAJEURE],
    11: [ClauseTag.DISPUTES],
    13: [ClauseTag.ENTRY_INTO_FORCE],
}


def seed_agreement() -> Agreement | None:
    return (
        Agreement.objects.filter(is_example=False, parties__number=SEED_NUMBERS[0])
        .filter(parties__number=SEED_NUMBERS[1])
        .first()
    )


def _institutions(users: dict[str, User]) -> dict[str, object]:
    return {
        "kemendes": users["kemendes.staf"].institution,
        "bkn": users["bkn.staf"].institution,
        "lain": users["lain.staf"].institution,
    }


def _join(agreement: Agreement, users: dict[str, User]) -> None:
    """The invited institutions' Pimpinan accept, as they would on the invitation page."""
    managers = [u for name, u in users.items() if name.endswith(".pimpinan")]
    for invitation in agreement.invitations.filter(status=InvitationStatus.PENDING):
        manager = next(u for u in managers if u.institution_id == invitation.institution_id)
        services.invitation_accept(invitation=invitation, acting_user=manager)


def _keeper(party, users: dict[str, User]) -> User:
    """Each party keeps its own contacts: its staff member records them."""
    return next(
        u for name, u in users.items() if name.endswith(".staf") and u.institution_id == party.institution_id
    )


def load_seed(*, users: dict[str, User]) -> tuple[Agreement, bool]:
    """The PKS between Kemendes PDTT and BKN as signed on Monday 9 October 2023 in Jakarta."""
    existing = seed_agreement()
    if existing:
        return existing, False
    staff = users["kemendes.staf"]
    institutions = _institutions(users)
    clauses = [
        {"number": n, "title": title, "text": "".join(text), "tags": SEED_CLAUSE_TAGS.get(n, [])}
        for n, title, text in CLAUSES
    ]
    agreement = services.agreement_create(
        acting_user=staff,
        fields={
            "title": SEED_TITLE,
            "purpose": clauses[0]["text"],
            "signed_on": SEED_SIGNED_ON,
            "signing_place": "Jakarta",
            "term_months": 24,
            "notice_period_months": 1,
            "force_majeure_notice_days": 14,
            "reports_per_year": 2,
            "monev_per_year": 2,
        },
        parties=[
            {"institution": institutions[p["code"]], **{k: v for k, v in p.items() if k != "code"}}
            for p in SEED_PARTIES
        ],
        scope_items=SEED_SCOPE,
        clauses=clauses,
    )
    _join(agreement, users)
    parties = {p.order: p for p in agreement.parties.all()}
    for contact in SEED_CONTACTS:
        services.contact_add(
            agreement=agreement,
            acting_user=_keeper(parties[contact["order"]], users),
            party=parties[contact["order"]],
            unit=contact["unit"],
            address=contact["address"],
            phone=contact["phone"],
            email=contact["email"],
            valid_from=SEED_SIGNED_ON,
        )
    for order, kind, clause_ref, title, recurrence, survives in SEED_OBLIGATIONS:
        services.obligation_add(
            agreement=agreement,
            acting_user=staff,
            party=parties[order],
            kind=kind,
            title=title,
            clause_ref=clause_ref,
            recurrence=recurrence,
            per_year=agreement.monev_per_year if kind == ObligationKind.MONEV else agreement.reports_per_year,
            survives_end=survives,
            # Pasal 7: monitoring and evaluation by PARA PIHAK, one joint due both see and either may meet.
            joint=kind == ObligationKind.MONEV,
        )
    return agreement, True


def _example_parties(institutions) -> list[dict]:
    return [
        {
            "institution": institutions["kemendes"],
            "number": "",
            "signatory_name": "SUGITO",
            "signatory_position": "Kepala Biro Hukum, Organisasi, dan Tata Laksana",
            "appointment_basis": AppointmentBasis.SPRIN,
            "appointment_number": "Contoh/Sprin/2024",
            "address": institutions["kemendes"].address,
        },
        {
            "institution": institutions["bkn"],
            "number": "",
            "signatory_name": "SUHARMEN",
            "signatory_position": "Deputi Bidang Sistem Informasi Kepegawaian",
            "appointment_basis": AppointmentBasis.KEPMEN,
            "appointment_number": "Contoh/Kep/2024",
            "address": institutions["bkn"].address,
        },
    ]


def _example(*, title: str, signed_on: date, users: dict[str, User], serial: int) -> tuple[Agreement, bool]:
    existing = Agreement.objects.filter(is_example=True, title=title).first()
    if existing:
        return existing, False
    staff = users["kemendes.staf"]
    institutions = _institutions(users)
    parties = _example_parties(institutions)
    # Numbered in each institution's own style, in the year of signing.
    parties[0]["number"] = f"C-{100 + serial}/HKM.07.01/{roman_month(signed_on)}/{signed_on.year}"
    parties[1]["number"] = f"C-{200 + serial}/HM.04.01/{signed_on.year}"
    agreement = services.agreement_create(
        acting_user=staff,
        fields={
            "title": title,
            "purpose": _(
                "Contoh perjanjian untuk demonstrasi portal; tanggal-tanggalnya relatif terhadap hari ini."
            ),
            "signed_on": signed_on,
            "signing_place": "Jakarta",
            "term_months": 24,
        },
        parties=parties,
        scope_items=[_("pertukaran data contoh")],
        clauses=[
            {"number": n, "title": t, "text": "".join(text), "tags": SEED_CLAUSE_TAGS.get(n, [])}
            for n, t, text in CLAUSES
            if n in (1, 5, 6, 10)
        ],
        standard_obligations=True,
        is_example=True,
        # Dated relative to today, an example may fall on a weekend or a holiday.
        confirm_non_working_day=True,
    )
    _join(agreement, users)
    for party in agreement.parties.all():
        services.contact_add(
            agreement=agreement,
            acting_user=_keeper(party, users),
            party=party,
            unit=_("Unit Kerja Sama %(name)s (contoh)") % {"name": party.institution.short_name},
            address=party.institution.address,
            phone=party.institution.phone,
            email=f"kerjasama.{party.institution.short_name.split()[0].lower()}@demo.portal-pks.go.id",
            valid_from=signed_on,
        )
    return agreement, True


def load_examples(*, today: date, users: dict[str, User]) -> list[tuple[Agreement, bool]]:
    """One example per state: active, inside the notice window, force majeure open, terminated early."""
    staff = users["kemendes.staf"]
    made = []

    active, new = _example(
        title="Contoh: Sinkronisasi Data Jabatan Fungsional PSM",
        signed_on=rules.add_months(today, -5),
        users=users,
        serial=1,
    )
    made.append((active, new))

    # Ends about seven weeks from today: the notice deadline is some twenty days ahead.
    end = rules.add_months(today + timedelta(days=20), 1)
    notice, new = _example(
        title="Contoh: Pemutakhiran Data Pendamping Desa",
        signed_on=rules.add_months(end + timedelta(days=1), -24),
        users=users,
        serial=2,
    )
    made.append((notice, new))

    # The first monev period ended ten days ago, inside a force majeure of PIHAK KESATU that is still
    # going on: its due shows as suspended, not lapsed. The notice went out in time, with its letter.
    fm_agreement, new = _example(
        title="Contoh: Layanan Data Kepegawaian Wilayah Terdampak Bencana",
        signed_on=rules.add_months(today - timedelta(days=10), -6) + timedelta(days=1),
        users=users,
        serial=3,
    )
    if new:
        first = fm_agreement.parties.get(order=1)
        event = services.force_majeure_record(
            agreement=fm_agreement,
            acting_user=staff,
            party=first,
            occurred_on=today - timedelta(days=20),
            description=_("Banjir merusak pusat data; layanan web service terhenti (contoh)."),
        )
        services.force_majeure_notify(
            force_majeure=event, acting_user=staff, notified_on=today - timedelta(days=15), send_email=False
        )
    made.append((fm_agreement, new))

    terminated, new = _example(
        title="Contoh: Uji Coba Pertukaran Data Pelatihan ASN",
        signed_on=rules.add_months(today, -14),
        users=users,
        serial=4,
    )
    if new:
        served = rules.add_months(today, -3)
        first = terminated.parties.get(order=1)
        services.notice_serve(
            agreement=terminated,
            acting_user=users["kemendes.pimpinan"],
            kind=NoticeKind.TERMINATION,
            from_party=first,
            served_on=served,
            terminates_on=rules.add_months(today, -1),
            reason=_("Uji coba selesai lebih awal (contoh)."),
            send_email=False,
        )
        services.agreement_terminate(
            agreement=terminated,
            acting_user=users["kemendes.pimpinan"],
            terminates_on=rules.add_months(today, -1),
        )
    made.append((terminated, new))
    return made


def teams(*, users: dict[str, User], seed: Agreement) -> None:
    """Kemendes keeps a team on the seed (its creator and Pimpinan from the start); its Pimpinan adds the
    liaison officer, who handles the seed's correction proposals. BKN keeps none: its users act by role."""
    manager, liaison = users["kemendes.pimpinan"], users["kemendes.penghubung"]
    if not TeamMember.objects.filter(team__party__agreement=seed, user=liaison).exists():
        services.team_member_add(agreement=seed, acting_user=manager, user=liaison)


def mark_entered_on(agreement: Agreement, today: date, exclude: set[int] = frozenset()) -> None:
    """The demo enters its agreements on its own `today`: dues that had passed by then are recorded late
    (nobody is reminded of them), as for any historical agreement entered after its dues."""
    dues = ObligationDue.objects.filter(
        obligation__agreement=agreement, met_on__isnull=True, waived_on__isnull=True
    ).exclude(pk__in=exclude)
    dues.filter(due_on__lt=today).update(recorded_late=True)
    dues.filter(due_on__gte=today).update(recorded_late=False)


def extend_seed(*, seed: Agreement, today: date, users: dict[str, User]) -> bool:
    """Kemendes's notice of extension and the parties' extension by amendment, each once its day has come.
    True when the amendment was recorded now."""
    manager = users["kemendes.pimpinan"]
    first = seed.parties.get(order=1)
    if today >= SEED_RENEWAL_NOTICE_ON and not seed.notices.filter(kind=NoticeKind.RENEWAL).exists():
        services.notice_serve(
            agreement=seed,
            acting_user=manager,
            kind=NoticeKind.RENEWAL,
            from_party=first,
            served_on=SEED_RENEWAL_NOTICE_ON,
            reason=(
                "PIHAK KESATU berkeinginan memperpanjang Perjanjian Kerja Sama untuk 2 (dua) tahun (contoh)."
            ),
            send_email=False,
        )
    if today < SEED_EXTENSION_SIGNED_ON or seed.amendments.filter(kind=AmendmentKind.EXTENSION).exists():
        return False
    services.agreement_extend(
        agreement=seed,
        acting_user=manager,
        months=SEED_EXTENSION_MONTHS,
        signed_on=SEED_EXTENSION_SIGNED_ON,
        title="Adendum I: perpanjangan jangka waktu 24 bulan (contoh)",
        summary=(
            "Contoh untuk demonstrasi portal, tidak termuat dalam naskah: PARA PIHAK sepakat memperpanjang "
            "Perjanjian Kerja Sama untuk 2 (dua) tahun menurut Pasal 6 dan Pasal 12."
        ),
    )
    seed.refresh_from_db()
    return True


def load(*, today: date, users: dict[str, User], stdout) -> None:
    seed, created = load_seed(users=users)
    before = set(ObligationDue.objects.filter(obligation__agreement=seed).values_list("pk", flat=True))
    extended = extend_seed(seed=seed, today=today, users=users)
    if created:
        mark_entered_on(seed, today)
    elif extended:
        # Dues the extension brought are entered today, as the rest were when the seed was loaded.
        mark_entered_on(seed, today, exclude=before)
    stdout.write(
        ("Perjanjian dibuat: " if created else "Perjanjian sudah ada: ")
        + f"{seed.title} ({', '.join(SEED_NUMBERS)})"
    )
    if extended:
        stdout.write(f"Perjanjian seed diperpanjang sampai {seed.ends_on.isoformat()} (adendum contoh).")
    examples = load_examples(today=today, users=users)
    for agreement, created in examples:
        if created:
            mark_entered_on(agreement, today)
        stdout.write(("Contoh dibuat: " if created else "Contoh sudah ada: ") + agreement.title)
    teams(users=users, seed=seed)
