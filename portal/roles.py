"""What each role may, in words, for the Administrator's roles page and the user forms.

The rights themselves are decided per agreement by `agreements.selectors.agreement_rights`; this is how they
read to a person, declared once.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from portal.choices import Role


@dataclass(frozen=True)
class RoleText:
    role: Role
    summary: str
    may: tuple[str, ...]


ROLES = (
    RoleText(
        Role.STAF,
        _("Staf instansi yang mengelola perjanjian sehari-hari."),
        (
            _("Membuat perjanjian atas nama instansinya."),
            _("Mengubah data bersama perjanjian selama draf, atau melalui alurnya setelah ditandatangani."),
            _("Mengelola kontak, dokumen, surat dan jatuh tempo pihaknya sendiri."),
        ),
    ),
    RoleText(
        Role.PENGHUBUNG,
        _("Petugas penghubung (Pasal 8): alamat korespondensi dan penanganan data."),
        (
            _("Menangani usulan perbaikan data antarpihak."),
            _("Melihat data pribadi ASN setelah menyatakan tunduk pada kerahasiaan (Pasal 9)."),
        ),
    ),
    RoleText(
        Role.PIMPINAN,
        _("Pimpinan unit: menyetujui atas nama pihaknya."),
        (
            _("Semua yang boleh dilakukan Staf."),
            _("Menyetujui pemberitahuan, pengakhiran, perpanjangan dan perubahan Lampiran."),
            _("Mengatur tim pihaknya pada setiap perjanjian."),
            _("Menerima pengingat dan ringkasan mingguan."),
        ),
    ),
    RoleText(
        Role.ADMINISTRATOR,
        _("Administrator portal: instansi dan pengguna."),
        (
            _("Menambah dan mengubah instansi (alamat, format nomor surat, logo kop surat)."),
            _("Mengundang pengguna, mengatur peran dan instansinya, menonaktifkan akun."),
            _("Membaca register semua perjanjian; tidak mengubah perjanjian apa pun."),
            _("Membaca kotak keluar dan mengatur kebijakan pengingat."),
        ),
    ),
)
