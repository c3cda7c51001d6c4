from django.db import models
from django.utils.translation import gettext_lazy as _


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("menunggu")
    RUNNING = "running", _("berjalan")
    FINISHING = "finishing", _("menyusun versi data")
    DONE = "done", _("selesai")
    BLOCKED = "blocked", _("tertahan (kredensial)")
    FAILED = "failed", _("gagal")


OPEN_STATUSES = (RunStatus.QUEUED, RunStatus.RUNNING, RunStatus.FINISHING, RunStatus.BLOCKED)


class RunTrigger(models.TextChoices):
    MANUAL = "manual", _("dijalankan pengguna")
    SCHEDULE = "schedule", _("terjadwal")
    RETRY = "retry", _("ulang yang gagal")


class ItemStatus(models.TextChoices):
    PENDING = "pending", _("menunggu")
    CLAIMED = "claimed", _("sedang diambil")
    FETCHED = "fetched", _("terambil")
    NOT_FOUND = "not_found", _("tidak ditemukan")
    FAILED = "failed", _("gagal")


DONE_ITEM_STATUSES = (ItemStatus.FETCHED, ItemStatus.NOT_FOUND, ItemStatus.FAILED)

# The reasons a call failed, as the client names them, in words an officer reads.
REASONS = {
    "not_found": _("Tidak ada di SIASN (Data tidak ditemukan)"),
    "server_error": _("Layanan SIASN gagal (5xx) setelah beberapa percobaan"),
    "timeout": _("Layanan SIASN tidak menjawab (batas waktu) setelah beberapa percobaan"),
    "connection_error": _("Sambungan ke SIASN terputus setelah beberapa percobaan"),
    "bad_response": _("Jawaban SIASN tidak dapat dibaca"),
    "throttled": _("Dibatasi SIASN (429) terlalu lama"),
    "wrong_person": _("SIASN menjawab dengan data orang lain"),
    "credentials": _("Kredensial SIASN ditolak"),
    "sso_expired": _("Token SSO kedaluwarsa; tempelkan token baru"),
    "token_refused": _("Token SIASN ditolak (kunci, rahasia, atau login operator salah)"),
    "gateway_refused": _("Token gateway ditolak berulang kali"),
    "sso_refused": _("Token SSO ditolak berulang kali"),
    "token_unreachable": _("Layanan token SIASN tidak terjangkau"),
    "token_server_error": _("Layanan token SIASN gagal (5xx)"),
    "reused": _("Sudah diambil hari ini pada sinkronisasi sebelumnya"),
    "no_roster": _("Belum ada versi data siap dari pihak penerima"),
    "no_credentials": _("Kredensial SIASN belum diisi"),
}


def reason_label(code: str) -> str:
    return str(REASONS.get(code, code))
