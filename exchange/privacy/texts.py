"""The confidentiality duties a user acknowledges before reading personal data (Pasal 9 ayat (5)), kept
with a version: a changed text gets a new version, and every user acknowledges it again."""

from django.utils.translation import gettext_lazy as _

VERSION = "pasal9-v1"

DUTIES = (
    _(
        "Saya menjaga kerahasiaan data dan/atau informasi yang saya peroleh melalui Perjanjian Kerja Sama "
        "ini dan tidak memberikannya kepada pihak lain tanpa persetujuan tertulis dari pihak pemilik data, "
        "kecuali atas perintah pengadilan atau ketentuan peraturan perundang-undangan "
        "(Pasal 9 ayat (1) dan (3))."
    ),
    _(
        "Saya menggunakan data hanya untuk tujuan sebagaimana diatur dalam Perjanjian Kerja Sama (Pasal 9 "
        "ayat (2)) dan hanya elemen data yang tercantum dalam Lampiran."
    ),
    _(
        "Saya menjaga keamanan data dalam akses, pengiriman, pengolahan dan penyimpanan, dan tidak menyimpan "
        "data pribadi di luar sistem yang ditetapkan (Pasal 9 ayat (7))."
    ),
    _(
        "Saya mengetahui bahwa setiap pembacaan data pribadi oleh saya tercatat pada log akses, dan bahwa "
        "kebocoran data menjadi tanggung jawab pihak penerima (Pasal 9 ayat (4))."
    ),
    _("Kewajiban kerahasiaan ini tetap berlaku setelah Perjanjian Kerja Sama berakhir (Pasal 9 ayat (6))."),
)
