"""Choices of the data-field catalogue."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DataType(models.TextChoices):
    """How a catalogue field's value is written, so a proposed value can be checked before it travels."""

    TEXT = "text", _("Teks")
    DATE = "date", _("Tanggal (TTTT-BB-HH)")
    INTEGER = "integer", _("Bilangan bulat")
    IDENTIFIER = "identifier", _("Kode/ID referensi")
    NIP = "nip", _("NIP")


class Sensitivity(models.TextChoices):
    """How closely a field is guarded; personal data (UU 27/2022) is masked without the grant."""

    OPEN = "open", _("Terbuka")
    LIMITED = "limited", _("Terbatas (kepegawaian)")
    PERSONAL = "personal", _("Data pribadi")


class VersionStatus(models.TextChoices):
    """Where a data-set version stands; only a ready version is read by pages, the web service, matching."""

    LOADING = "loading", _("Sedang dimuat")
    READY = "ready", _("Siap")
    FAILED = "failed", _("Gagal")
    PURGED = "purged", _("Dihapus (retensi)")


class SourceKind(models.TextChoices):
    """How a version was filled: a file imported by a person, or a sync run from a partner system."""

    IMPORT = "import", _("Impor berkas")
    SYNC = "sync", _("Sinkronisasi")


class ImportStatus(models.TextChoices):
    """The steps of a roster import: the file is read, mapped, checked row by row, then stored whole."""

    UPLOADED = "uploaded", _("Menunggu pemetaan kolom")
    CHECK_QUEUED = "check_queued", _("Menunggu pemeriksaan")
    CHECKING = "checking", _("Sedang diperiksa")
    REFUSED = "refused", _("Ditolak")
    CHECKED = "checked", _("Lolos pemeriksaan")
    STORE_QUEUED = "store_queued", _("Menunggu penyimpanan")
    STORING = "storing", _("Sedang disimpan")
    DONE = "done", _("Tersimpan")
    FAILED = "failed", _("Gagal")


class AccessAction(models.TextChoices):
    """What kind of read of personal data in a data set was logged."""

    RECORD = "record", _("Lihat rekaman")
    LIST = "list", _("Lihat daftar")
    SEARCH = "search", _("Pencarian")
    PREVIEW = "preview", _("Pratinjau impor")
    DOWNLOAD = "download", _("Unduh berkas")
