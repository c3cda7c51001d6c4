"""The catalogue's Indonesian source sentences, to find them where English should be (pages, mails)."""

from __future__ import annotations

import re

# Obligation titles are stored with the agreement, in the words of its Pasal (data, not interface).
DATA_SENTENCES = {
    "Laporan hasil pemanfaatan serta pertukaran data dan/atau informasi",
    "Pemantauan dan evaluasi bersama PARA PIHAK",
    "berita acara hasil pemadanan data",
    # The demo examples' stored Maksud dan Tujuan (written once, in Indonesian, as the agreement's text).
    "Contoh perjanjian untuk demonstrasi portal; tanggal-tanggalnya relatif terhadap hari ini",
    # The subjects of official letters, which stay Indonesian, quoted where a bell line names the letter.
    "Pemberitahuan Pengakhiran Perjanjian Kerja Sama",
    "Pemberitahuan Perpanjangan Perjanjian Kerja Sama",
    "Pemberitahuan Keadaan Kahar (Force Majeure)",
}


def indonesian_sentences() -> set[str]:
    """The catalogue's source sentences that English words differently: their pieces between placeholders
    of four words or more, so that a sentence shown with its values filled in is still found."""
    from django.utils import translation
    from django.utils.translation import trans_real

    with translation.override("en"):
        catalog = trans_real.translation("en")._catalog
        pieces = set()
        for msgid, msgstr in catalog.items():
            if not isinstance(msgid, str) or not msgid or msgstr == msgid:
                continue
            for piece in re.split(r"%\(\w+\)[sd]|<[^>]+>|[{}]", msgid):
                piece = " ".join(piece.split()).strip(" .,:;()—-")
                if len(piece.split()) >= 4 and not re.search(r"[{}%<>]", piece):
                    pieces.add(piece)
    return pieces - DATA_SENTENCES
