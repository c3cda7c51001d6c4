"""The pages of pemadanan: who sees what (anonymous, other institution, own institution without the grant,
with it), a bounded number of queries, masking and the access log, the XLSX, the actions."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from exchange.corrections.models import Proposal
from exchange.data.models import DataAccess
from exchange.matching.models import BeritaAcara, MatchResult, MatchRun
from tests.exchange.matching.conftest import grant

pytestmark = pytest.mark.django_db


BACKEND = "django.contrib.auth.backends.ModelBackend"


def login(client, user):
    client.force_login(user, backend=BACKEND)
    return client


@pytest.fixture
def detail_url(finished_run):
    return reverse("matching:run_detail", args=[finished_run.pk])


def test_anonymous_users_are_sent_to_the_login_page(client, detail_url):
    response = client.get(detail_url)
    assert response.status_code == 302 and "/masuk/" in response["Location"]


@pytest.mark.parametrize("name", ["run_detail", "run_status", "run_export", "berita_acara_download"])
def test_a_user_of_another_institution_gets_a_404(client, lain_staf, finished_run, name):
    assert (
        login(client, lain_staf).get(reverse(f"matching:{name}", args=[finished_run.pk])).status_code == 404
    )


def test_the_run_list_of_an_agreement_of_others_is_a_404(client, lain_staf, agreement):
    assert login(client, lain_staf).get(reverse("matching:run_list", args=[agreement.pk])).status_code == 404


def test_without_the_grant_names_and_nips_are_masked_and_nothing_is_logged(
    client, bkn_staf, finished_run, detail_url, django_assert_max_num_queries
):
    first = MatchResult.objects.filter(run=finished_run).order_by("id").first()
    with django_assert_max_num_queries(40):
        response = login(client, bkn_staf).get(detail_url)
    text = response.content.decode()
    assert response.status_code == 200
    assert first.nip not in text and first.name not in text
    assert "disamarkan" in text.lower()
    assert not DataAccess.objects.exists()


def test_with_the_grant_the_list_shows_people_and_every_read_is_logged(
    client, bkn_penghubung, finished_run, detail_url, django_assert_max_num_queries
):
    grant(bkn_penghubung, finished_run.agreement)
    first = MatchResult.objects.filter(run=finished_run).order_by("id").first()
    with django_assert_max_num_queries(50):
        response = login(client, bkn_penghubung).get(detail_url)
    assert first.name in response.content.decode()
    entries = DataAccess.objects.filter(user=bkn_penghubung)
    assert entries.count() == 2
    assert {e.version_id for e in entries} == {finished_run.left_version_id, finished_run.right_version_id}


def test_the_page_shows_counts_charts_and_filters(client, kemendes_staf, finished_run, detail_url):
    text = login(client, kemendes_staf).get(detail_url, {"outcome": "tidak_padan"}).content.decode()
    assert "<svg" in text and "Tidak padan per elemen data" in text
    assert text.count('class="result-check"') == 3


def test_a_bad_filter_drops_only_itself(client, kemendes_staf, detail_url):
    response = login(client, kemendes_staf).get(detail_url, {"outcome": "bogus", "field": "tglLahir"})
    assert response.status_code == 200
    assert response.content.decode().count('class="result-check"') == 1


def test_a_new_run_is_requested_from_the_form(client, kemendes_staf, agreement, versions):
    left, right = versions
    url = reverse("matching:run_create", args=[agreement.pk])
    response = login(client, kemendes_staf).post(url, {"left_version": left.pk, "right_version": right.pk})
    run = MatchRun.objects.get()
    assert response.status_code == 302 and response["Location"] == run.get_absolute_url()


def test_the_same_version_twice_is_refused_with_a_message_and_nothing_queued(
    client, kemendes_staf, agreement, versions
):
    left, _right = versions
    url = reverse("matching:run_create", args=[agreement.pk])
    response = login(client, kemendes_staf).post(url, {"left_version": left.pk, "right_version": left.pk})
    assert response.status_code == 200
    assert "Pilih dua versi yang berbeda" in response.content.decode()
    assert not MatchRun.objects.exists()


def test_the_status_answers_json_without_personal_data(client, kemendes_staf, finished_run):
    response = login(client, kemendes_staf).get(reverse("matching:run_status", args=[finished_run.pk]))
    assert response.json() == {"status": "done", "progress": 100, "done": True}


def test_the_xlsx_needs_the_grant(client, kemendes_staf, finished_run):
    response = login(client, kemendes_staf).get(reverse("matching:run_export", args=[finished_run.pk]))
    assert response.status_code == 302


def test_the_xlsx_lists_each_difference_and_is_logged(client, kemendes_penghubung, finished_run):
    grant(kemendes_penghubung, finished_run.agreement)
    response = login(client, kemendes_penghubung).get(reverse("matching:run_export", args=[finished_run.pk]))
    book = load_workbook(BytesIO(b"".join(response.streaming_content)), read_only=True)
    rows = list(book.active.iter_rows(values_only=True))
    codes = sorted(row[6] for row in rows[3:])
    assert codes == ["golRuangAkhir", "jabatanNama", "tglLahir"]
    assert DataAccess.objects.filter(user=kemendes_penghubung, action="download").count() == 2


def test_differences_become_proposals_to_the_keeper_of_the_record(
    client, kemendes_penghubung, finished_run, bkn
):
    grant(kemendes_penghubung, finished_run.agreement)
    ids = list(
        MatchResult.objects.filter(run=finished_run, outcome="tidak_padan").values_list("pk", flat=True)
    )
    url = reverse("matching:run_propose", args=[finished_run.pk])
    response = login(client, kemendes_penghubung).post(url, {"ids": ids[:2]})
    assert response.status_code == 302
    proposals = Proposal.objects.order_by("pk")
    assert proposals.count() == 2
    assert {p.receiving_party.institution for p in proposals} == {bkn}
    assert all(p.status == "submitted" and p.evidence.count() == 1 for p in proposals)
    assert MatchResult.objects.filter(run=finished_run, proposal__isnull=False).count() == 2


def test_proposing_without_the_handling_grant_changes_nothing(client, kemendes_staf, finished_run):
    ids = list(
        MatchResult.objects.filter(run=finished_run, outcome="tidak_padan").values_list("pk", flat=True)
    )
    url = reverse("matching:run_propose", args=[finished_run.pk])
    response = login(client, kemendes_staf).post(url, {"ids": ids}, follow=True)
    assert "hak" in response.content.decode()
    assert not Proposal.objects.exists()


def test_the_berita_acara_is_issued_signed_and_downloaded_from_the_page(
    client, kemendes_staf, bkn_staf, finished_run
):
    kemendes = login(client, kemendes_staf)
    kemendes.post(
        reverse("matching:berita_acara_create", args=[finished_run.pk]), {"follow_up": "", "place": ""}
    )
    berita_acara = BeritaAcara.objects.get(run=finished_run)
    kemendes.post(reverse("matching:berita_acara_sign", args=[finished_run.pk]))
    client.force_login(bkn_staf, backend=BACKEND)
    client.post(reverse("matching:berita_acara_sign", args=[finished_run.pk]))
    berita_acara.refresh_from_db()
    assert berita_acara.is_complete
    response = client.get(reverse("matching:berita_acara_download", args=[finished_run.pk]))
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF-")


def test_the_nip_checks_are_told_in_words(client, kemendes_staf, finished_run, detail_url):
    text = login(client, kemendes_staf).get(detail_url, {"field": "tglLahir"}).content.decode()
    assert "Tanggal lahir tidak sesuai dengan NIP (data pembanding)" in text
