"""The one mail renderer: three templates per mail, the subject on one line, in the language asked for."""

from django.utils import translation

from portal.lib.mail import render_mail


def context():
    from types import SimpleNamespace

    party = SimpleNamespace(
        role_name="PIHAK KESATU",
        institution=SimpleNamespace(name="Kementerian Desa PDTT", short_name="Kemendes"),
    )
    other = SimpleNamespace(
        role_name="PIHAK KEDUA",
        institution=SimpleNamespace(name="Badan Kepegawaian Negara", short_name="BKN"),
    )
    proposal = SimpleNamespace(
        reference="UP-00007",
        agreement=SimpleNamespace(title="PKS Pertukaran Data ASN"),
        proposing_party=party,
        receiving_party=other,
        get_status_display="Ditolak",
        clock_running=False,
        due_on=None,
        assignee=None,
        rejection_reason="Tidak sesuai SK.",
    )
    return {
        "proposal": proposal,
        "event": SimpleNamespace(kind="rejected"),
        "actor": "Sari Rahmawati",
        "acting_party": other,
        "other_party": party,
        "fields": ["Nama jabatan fungsional"],
        "comment": None,
        "url": "https://portal.example/pertukaran/usulan/7/",
        "site_name": "Portal PKS",
    }


def test_it_renders_the_three_parts_with_a_one_line_subject():
    subject, text, html = render_mail("proposal_rejected", context(), language="id")
    assert subject == "Re: Usulan perbaikan data UP-00007 (Kemendes kepada BKN)"
    assert "\n" not in subject
    assert "Yth. Petugas Penghubung Kementerian Desa PDTT," in text
    assert "menolak usulan perbaikan data ini dengan alasan: Tidak sesuai SK." in text
    assert html.startswith("<!DOCTYPE html>") and "UP-00007" in html


def test_it_renders_in_the_language_asked_for_and_leaves_the_active_one_alone():
    with translation.override("en"):
        subject, _text, _html = render_mail("proposal_rejected", context(), language="id")
        assert subject.startswith("Re: Usulan perbaikan data")
        assert translation.get_language() == "en"


def test_without_a_language_it_renders_in_the_active_one():
    with translation.override("en"):
        _subject, text, _html = render_mail("proposal_rejected", context())
    assert "Dear Liaison Officer of Kementerian Desa PDTT," in text
