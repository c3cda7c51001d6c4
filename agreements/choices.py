from django.db import models
from django.utils.translation import gettext_lazy as _


class AgreementKind(models.TextChoices):
    PKS = "pks", _("Perjanjian Kerja Sama")
    MOU = "mou", _("Nota Kesepahaman")


class AgreementStatus(models.TextChoices):
    """Derived as of a day from dates and events, never stored (see Agreement.status_on)."""

    DRAFT = "draft", _("Draf")
    SCHEDULED = "scheduled", _("Dijadwalkan berlaku")
    ACTIVE = "active", _("Berlaku")
    NOTICE = "notice", _("Masa pemberitahuan")
    ENDING = "ending", _("Berakhir dengan pemberitahuan")
    EXPIRED = "expired", _("Berakhir")
    TERMINATED = "terminated", _("Diakhiri lebih awal")


# The statuses in which the agreement is in force: proposals, API access and sync are open only then.
IN_FORCE_STATUSES = frozenset({AgreementStatus.ACTIVE, AgreementStatus.NOTICE, AgreementStatus.ENDING})


class ClauseTag(models.TextChoices):
    """What an article governs; letters, pages and help texts cite the number of the clause so tagged."""

    TERM = "term", _("Jangka waktu")
    NOTICE = "notice", _("Pemberitahuan perpanjangan/pengakhiran")
    FORCE_MAJEURE = "force_majeure", _("Keadaan kahar")
    DISPUTES = "disputes", _("Penyelesaian perselisihan")
    CONFIDENTIALITY = "confidentiality", _("Kerahasiaan")
    ENTRY_INTO_FORCE = "entry_into_force", _("Mulai berlaku")
    REPORTS = "reports", _("Laporan berkala")
    MONEV = "monev", _("Pemantauan dan evaluasi")


class PeriodAnchor(models.TextChoices):
    EFFECTIVE_DATE = "effective", _("Sejak tanggal berlaku")
    CALENDAR = "calendar", _("Semester/periode kalender")


class AppointmentBasis(models.TextChoices):
    KEPPRES = "keppres", _("Keputusan Presiden")
    KEPMEN = "kepmen", _("Keputusan Menteri/Kepala")
    SPRIN = "sprin", _("Surat Perintah")
    OTHER = "other", _("Lainnya")


class ObligationKind(models.TextChoices):
    DATA_ACCESS = "data_access", _("Pemberian akses data")
    REPORT = "report", _("Laporan berkala")
    BERITA_ACARA = "berita_acara", _("Berita acara hasil pemadanan data")
    CORRECTION_INFO = "correction_info", _("Informasi usulan perbaikan data")
    PROBLEM_RESOLUTION = "problem_resolution", _("Penyelesaian permasalahan data")
    MONEV = "monev", _("Pemantauan dan evaluasi")
    OTHER = "other", _("Lainnya")


class Recurrence(models.TextChoices):
    ONCE = "once", _("Sekali")
    PERIODIC = "periodic", _("Berkala per periode")
    AS_NEEDED = "as_needed", _("Sesuai kebutuhan")
    CONTINUOUS = "continuous", _("Terus-menerus selama berlaku")


class DueStatus(models.TextChoices):
    PENDING = "pending", _("Menunggu")
    MET = "met", _("Terpenuhi")
    LAPSED = "lapsed", _("Terlambat")
    SUSPENDED = "suspended", _("Ditangguhkan (keadaan kahar)")
    WAIVED = "waived", _("Dikesampingkan")


class AmendmentKind(models.TextChoices):
    EXTENSION = "extension", _("Perpanjangan")
    ADDENDUM = "addendum", _("Penambahan (adendum)")
    AMENDMENT = "amendment", _("Perubahan (amandemen)")


class NoticeKind(models.TextChoices):
    RENEWAL = "renewal", _("Pemberitahuan perpanjangan")
    TERMINATION = "termination", _("Pemberitahuan pengakhiran")


class DisputeStage(models.TextChoices):
    MUSYAWARAH = "musyawarah", _("Musyawarah untuk mufakat")
    LEGAL = "legal", _("Penyelesaian menurut peraturan perundang-undangan")
    RESOLVED = "resolved", _("Selesai")


class DocumentKind(models.TextChoices):
    SIGNED_SCAN = "signed_scan", _("Naskah bertanda tangan")
    AMENDMENT = "amendment", _("Adendum/amandemen")
    STATEMENT = "statement", _("Pernyataan pejabat berwenang")
    MINUTES = "minutes", _("Notula/berita acara")
    LETTER = "letter", _("Surat")
    EVIDENCE = "evidence", _("Bukti pemenuhan kewajiban")
    OTHER = "other", _("Lainnya")


class LetterDirection(models.TextChoices):
    OUTGOING = "out", _("Surat keluar")
    INCOMING = "in", _("Surat masuk")


class LetterKind(models.TextChoices):
    RENEWAL_NOTICE = "renewal_notice", _("Pemberitahuan perpanjangan")
    TERMINATION_NOTICE = "termination_notice", _("Pemberitahuan pengakhiran")
    FORCE_MAJEURE_NOTICE = "force_majeure_notice", _("Pemberitahuan keadaan kahar")
    GENERAL = "general", _("Surat umum")


class EventKind(models.TextChoices):
    CREATED = "created", _("Dibuat")
    UPDATED = "updated", _("Diubah")
    SIGNED = "signed", _("Ditandatangani")
    EXTENDED = "extended", _("Diperpanjang")
    AMENDED = "amended", _("Adendum/amandemen")
    NOTICE_SERVED = "notice_served", _("Pemberitahuan disampaikan")
    TERMINATED = "terminated", _("Diakhiri")
    FORCE_MAJEURE_RECORDED = "fm_recorded", _("Keadaan kahar dicatat")
    FORCE_MAJEURE_NOTIFIED = "fm_notified", _("Keadaan kahar diberitahukan")
    FORCE_MAJEURE_ENDED = "fm_ended", _("Keadaan kahar berakhir")
    DISPUTE_RECORDED = "dispute_recorded", _("Perselisihan dicatat")
    DISPUTE_STAGE = "dispute_stage", _("Tahap perselisihan berubah")
    MONEV_HELD = "monev_held", _("Monev dilaksanakan")
    DUE_MET = "due_met", _("Kewajiban dipenuhi")
    DUE_WAIVED = "due_waived", _("Kewajiban dikesampingkan")
    DOCUMENT_UPLOADED = "document_uploaded", _("Dokumen diunggah")
    PARAF_RECORDED = "paraf_recorded", _("Paraf dicatat")
    LETTER_ISSUED = "letter_issued", _("Surat diterbitkan")
    LETTER_RECEIVED = "letter_received", _("Surat diterima")
    CONTACT_CHANGED = "contact_changed", _("Kontak korespondensi diubah")
    TEAM_CHANGED = "team_changed", _("Tim pihak diubah")
    PARTY_INVITED = "party_invited", _("Instansi diundang menjadi pihak")
    INVITATION_ACCEPTED = "invitation_accepted", _("Undangan diterima")
    INVITATION_DECLINED = "invitation_declined", _("Undangan ditolak")
    INVITATION_WITHDRAWN = "invitation_withdrawn", _("Undangan ditarik")
    OVERSIGHT_READ = "oversight_read", _("Dibuka administrator portal")


class InvitationStatus(models.TextChoices):
    """Where an institution's invitation to become a party stands."""

    PENDING = "pending", _("Menunggu jawaban")
    ACCEPTED = "accepted", _("Diterima")
    DECLINED = "declined", _("Ditolak")
    WITHDRAWN = "withdrawn", _("Ditarik pihak pengundang")
