"""Evidence files: size and type limits read from the content, a SHA-256, nothing left behind on failure."""

import hashlib

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from exchange.corrections import evidence, services
from exchange.corrections.models import ProposalEvidence
from exchange.corrections.services import conversation

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def upload(name, content, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def stored_files(root):
    """The files under the media root (the demo institutions' emblems are written there too, before a test
    acts: compare with what was there before the call)."""
    return sorted(p for p in root.rglob("*") if p.is_file())


def test_a_pdf_is_stored_under_a_random_name_with_its_checksum(submitted, kemendes_penghubung, media):
    [row] = services.evidence_add(
        acting_user=kemendes_penghubung, proposal=submitted, files=[upload("SK 199001012015031901.pdf", PDF)]
    )
    assert row.original_name == "SK 199001012015031901.pdf"
    assert row.content_type == "application/pdf"
    assert row.size == len(PDF)
    assert row.sha256 == hashlib.sha256(PDF).hexdigest()
    assert "199001012015031901" not in row.file.name
    assert row.file.name.startswith("proposals/") and row.file.name.endswith(".pdf")
    assert row.file.read() == PDF
    assert submitted.events.get(kind="evidence_added").data["sha256"] == [row.sha256]


def test_png_and_jpeg_are_accepted(submitted, bkn_penghubung):
    rows = services.evidence_add(
        acting_user=bkn_penghubung, proposal=submitted, files=[upload("a.png", PNG), upload("b.jpeg", JPEG)]
    )
    assert [r.content_type for r in rows] == ["image/png", "image/jpeg"]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("berkas.exe", b"MZ\x90\x00" * 10, "bukan PDF, PNG atau JPEG"),
        ("palsu.pdf", b"<html>bukan pdf</html>", "bukan PDF, PNG atau JPEG"),
        ("gambar.pdf", PNG, "bukan PDF, PNG atau JPEG"),
        ("kosong.pdf", b"", "kosong"),
    ],
)
def test_a_file_of_the_wrong_type_is_refused_by_name(
    submitted, kemendes_penghubung, media, name, content, message
):
    before = stored_files(media)
    with pytest.raises(ValidationError, match=message) as caught:
        services.evidence_add(
            acting_user=kemendes_penghubung, proposal=submitted, files=[upload(name, content)]
        )
    assert name in caught.value.messages[0]
    assert not ProposalEvidence.objects.exists()
    assert stored_files(media) == before


def test_a_file_over_the_limit_is_refused(submitted, kemendes_penghubung, monkeypatch):
    monkeypatch.setattr(evidence, "MAX_BYTES", 1024)
    with pytest.raises(ValidationError, match="batasnya 1,0"):
        services.evidence_add(
            acting_user=kemendes_penghubung,
            proposal=submitted,
            files=[upload("besar.pdf", PDF + b"0" * 2000)],
        )


def test_one_bad_file_stores_none_of_them(submitted, kemendes_penghubung, media):
    before = stored_files(media)
    with pytest.raises(ValidationError):
        services.evidence_add(
            acting_user=kemendes_penghubung,
            proposal=submitted,
            files=[upload("baik.pdf", PDF), upload("buruk.pdf", b"buruk")],
        )
    assert not ProposalEvidence.objects.exists()
    assert stored_files(media) == before


def test_files_written_before_a_later_failure_are_deleted_again(
    submitted, kemendes_penghubung, media, monkeypatch
):
    original = conversation._record

    def failing(*args, **kwargs):
        original(*args, **kwargs)
        raise RuntimeError("database went away")

    monkeypatch.setattr(conversation, "_record", failing)
    before = stored_files(media)
    with pytest.raises(RuntimeError):
        services.evidence_add(
            acting_user=kemendes_penghubung, proposal=submitted, files=[upload("baik.pdf", PDF)]
        )
    assert stored_files(media) == before


def test_only_handlers_of_a_party_upload_and_not_on_finished_proposals(
    submitted, kemendes_staf, lain_staf, kemendes_penghubung
):
    for user in (kemendes_staf, lain_staf):
        with pytest.raises(PermissionDenied):
            services.evidence_add(acting_user=user, proposal=submitted, files=[upload("a.pdf", PDF)])
    services.proposal_withdraw(acting_user=kemendes_penghubung, proposal=submitted)
    with pytest.raises(ValidationError, match="sudah selesai"):
        services.evidence_add(
            acting_user=kemendes_penghubung, proposal=submitted, files=[upload("a.pdf", PDF)]
        )


def test_a_proposal_holds_at_most_twenty_files(submitted, kemendes_penghubung):
    services.evidence_add(
        acting_user=kemendes_penghubung,
        proposal=submitted,
        files=[upload(f"{n}.pdf", PDF) for n in range(20)],
    )
    with pytest.raises(ValidationError, match="paling banyak 20 berkas"):
        services.evidence_add(
            acting_user=kemendes_penghubung, proposal=submitted, files=[upload("21.pdf", PDF)]
        )


def test_evidence_can_travel_with_a_new_draft(make_proposal, media):
    proposal = make_proposal(files=[upload("sk.pdf", PDF)])
    assert proposal.evidence.get().sha256 == hashlib.sha256(PDF).hexdigest()
