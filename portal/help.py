"""Panduan: the portal's help pages, one per role and one per flow, each a template under
`templates/portal/help/`. The pages are declared once here and read by the index, the side list of every
page and the tests, so a page cannot exist without being listed.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

ROLE = "role"
FLOW = "flow"


@dataclass(frozen=True)
class HelpPage:
    slug: str
    title: str  # a lazy translation
    kind: str  # ROLE or FLOW
    summary: str  # a lazy translation

    @property
    def template(self) -> str:
        return f"portal/help/{self.slug}.html"


PAGES: tuple[HelpPage, ...] = (
    HelpPage("staf", _("Staf"), ROLE, _("Mencatat perjanjian, kewajiban, surat dan dokumen pihak Anda.")),
    HelpPage(
        "petugas-penghubung",
        _("Petugas penghubung"),
        ROLE,
        _("Menangani usulan perbaikan data dan menjadi kontak korespondensi perjanjian."),
    ),
    HelpPage(
        "pimpinan",
        _("Pimpinan"),
        ROLE,
        _("Menerima pengingat, membaca ringkasan, menerbitkan kredensial layanan web."),
    ),
    HelpPage(
        "administrator",
        _("Administrator"),
        ROLE,
        _("Instansi, pengguna dan peran, kotak keluar, kebijakan pengingat."),
    ),
    HelpPage(
        "perjanjian",
        _("Perjanjian: dari draf sampai ditandatangani"),
        FLOW,
        _("Membuat perjanjian, melengkapi para pihak dan pasal, menandatangani, jam hukum."),
    ),
    HelpPage(
        "pemberitahuan-pengakhiran",
        _("Pemberitahuan, perpanjangan dan pengakhiran"),
        FLOW,
        _("Batas pemberitahuan (pasal jangka waktu), perpanjangan, pengakhiran lebih awal, keadaan kahar."),
    ),
    HelpPage(
        "korespondensi",
        _("Korespondensi dan surat"),
        FLOW,
        _("Kontak korespondensi, surat keluar bernomor dalam PDF, surat masuk dan pindaiannya."),
    ),
    HelpPage(
        "usulan-perbaikan",
        _("Usulan perbaikan data"),
        FLOW,
        _("Membuat, mengajukan, menangani dan menutup usulan perbaikan data ASN di SIASN."),
    ),
    HelpPage(
        "himpunan-data",
        _("Himpunan data dan impor"),
        FLOW,
        _("Lampiran elemen data, versi himpunan data, impor CSV/XLSX, sinkronisasi SIASN."),
    ),
    HelpPage(
        "pemadanan",
        _("Pemadanan data dan berita acara"),
        FLOW,
        _("Membandingkan dua versi data, membaca hasilnya, mengajukan usulan, menandatangani berita acara."),
    ),
    HelpPage(
        "layanan-web",
        _("Kredensial layanan web"),
        FLOW,
        _("Kredensial sistem mitra untuk layanan web, pemakaian, log pertukaran dan pencabutan."),
    ),
)
BY_SLUG = {page.slug: page for page in PAGES}


def _context(current: HelpPage | None = None) -> dict:
    return {
        "role_pages": [page for page in PAGES if page.kind == ROLE],
        "flow_pages": [page for page in PAGES if page.kind == FLOW],
        "current": current,
    }


def help_index(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/help/index.html", _context())


def help_page(request: HttpRequest, slug: str) -> HttpResponse:
    page = BY_SLUG.get(slug)
    if page is None:
        raise Http404(_("Halaman panduan itu tidak ada."))
    return render(request, page.template, _context(page))
