"""The detail page: tabs, clocks, dues, letters and history for users of a party; 404 for anyone else."""

import re
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from agreements import services
from agreements.choices import NoticeKind
from tests.agreements.conftest import addendum
from tests.helpers import assert_permission_matrix


def url(agreement):
    return reverse("agreements:agreement_detail", args=[agreement.pk])


def test_the_permission_matrix(client, agreement, lain_staf, kemendes_penghubung, kemendes_staf):
    assert_permission_matrix(
        client,
        url(agreement),
        {
            "anonymous": (None, 302),
            "outsider": (lain_staf, 404),
            "no grant": (kemendes_penghubung, 200),
            "granted": (kemendes_staf, 200),
        },
    )


def test_a_missing_agreement_is_404(client, kemendes_staf):
    client.force_login(kemendes_staf)
    assert client.get(reverse("agreements:agreement_detail", args=[999999])).status_code == 404


def test_it_shows_the_tabs_and_the_clocks(client, agreement, kemendes_staf):
    client.force_login(kemendes_staf)
    page = client.get(url(agreement)).content.decode()
    for tab in ("Ringkasan", "Para Pihak", "Pasal", "Kewajiban", "Korespondensi", "Dokumen", "Riwayat"):
        assert re.search(rf'<a role="tab" href="#[a-z-]+">{tab}</a>', page)
    assert "Senin, 9 Oktober 2023" in page
    assert "Senin tanggal Sembilan bulan Oktober tahun Dua Ribu Dua Puluh Tiga" in page
    assert '<strong data-clock="ends_on">8 Oktober 2025</strong>' in page
    assert '<strong data-clock="notice_deadline">8 September 2025</strong>' in page


def test_only_the_right_shows_the_action_forms(
    client, make_agreement, kemendes_staf, kemendes_penghubung, kemendes_pimpinan
):
    running = make_agreement(signed_on=timezone.localdate() - timedelta(days=30))
    client.force_login(kemendes_penghubung)
    page = client.get(url(running)).content.decode()
    assert "Catat perpanjangan" not in page and "Terbitkan surat" not in page
    client.force_login(kemendes_staf)
    page = client.get(url(running)).content.decode()
    assert "Catat perpanjangan" not in page  # sign-off is the Pimpinan's
    assert "Terbitkan surat" in page and "Catat keadaan kahar" in page
    client.force_login(kemendes_pimpinan)
    page = client.get(url(running)).content.decode()
    assert "Catat perpanjangan" in page
    assert reverse("agreements:agreement_extend", args=[running.pk]) in page


def test_an_ended_agreement_offers_no_extension(client, agreement, kemendes_staf):
    client.force_login(kemendes_staf)
    page = client.get(url(agreement)).content.decode()
    assert "Catat perpanjangan" not in page
    assert "Perjanjian tidak lagi berlaku" in page


def test_a_user_of_another_institution_gets_404_whatever_their_role(client, agreement, lain_staf):
    client.force_login(lain_staf)
    assert client.get(url(agreement)).status_code == 404


def test_the_portal_administrator_reads_the_page_and_each_read_is_logged(client, agreement, admin_user):
    from agreements.models import AgreementEvent

    client.force_login(admin_user)
    page = client.get(url(agreement)).content.decode()
    assert agreement.title in page and "hanya baca" in page
    assert "Tanda tangani perjanjian" not in page and "Terbitkan surat" not in page
    assert reverse("agreements:agreement_update", args=[agreement.pk]) not in page
    client.get(url(agreement))
    reads = AgreementEvent.objects.filter(agreement=agreement, kind="oversight_read")
    assert reads.count() == 2 and {r.actor for r in reads} == {admin_user}
    assert all(set(r.data) == {"what"} for r in reads)
    post = client.post(reverse("agreements:agreement_letter", args=[agreement.pk]), {"subject": "x"})
    assert post.status_code == 403


def test_the_history_tab_shows_who_changed_what(client, agreement, kemendes_staf):
    services.agreement_update(
        agreement=agreement,
        acting_user=kemendes_staf,
        fields={"title": "Judul yang diperbaiki"},
        amendment=addendum(agreement),
    )
    client.force_login(kemendes_staf)
    page = client.get(url(agreement)).content.decode()
    assert "Judul yang diperbaiki" in page
    assert "<del>PKS Uji Pertukaran Data</del>" in page
    assert "Rina Wulandari" in page
    assert "Perjanjian diubah" in page


def enrich(agreement, user, times, manager):
    first, second = agreement.parties.order_by("order")
    for i in range(times):
        services.letter_issue(
            agreement=agreement,
            acting_user=user,
            from_party=first,
            to_party=second,
            dated_on=date(2024, 1, 2) + timedelta(days=i),
            subject=f"Surat {i}",
            body="Isi",
            send_email=False,
        )
        document = services.document_upload(
            agreement=agreement,
            acting_user=user,
            file=SimpleUploadedFile(f"d{i}.pdf", b"%PDF-1.4 " + bytes(str(i), "ascii")),
            title=f"Dokumen {i}",
        )
        services.paraf_record(
            document=document,
            acting_user=user,
            party=first,
            initialled_by="A",
            initialled_on=date(2024, 1, 2),
        )
        event = services.force_majeure_record(
            agreement=agreement,
            acting_user=user,
            party=first,
            occurred_on=date(2024, 1, 2) + timedelta(days=40 * i),
            description=f"Kejadian {i}",
        )
        services.force_majeure_end(
            force_majeure=event, acting_user=user, ended_on=event.occurred_on + timedelta(days=5)
        )
        services.dispute_record(
            agreement=agreement,
            acting_user=user,
            raised_by=first,
            subject=f"Selisih {i}",
            opened_on=date(2024, 2, 1),
        )
    services.notice_serve(
        agreement=agreement,
        acting_user=manager,
        kind=NoticeKind.RENEWAL,
        from_party=first,
        served_on=date(2025, 8, 1),
        send_email=False,
    )


# The rights from role and team (3) and the Tim tab (team, users, the users' roles, members, the members'
# rights: the roles and rights shown per member are the 2 the merged team page adds); 14 are the reminder
# audience of the agreement's open deadlines (the "nobody to remind" warning).
DETAIL_QUERIES = 56
# One form per action, whatever the number of rows: the header's three (search, language, sign-out), the
# staff member's seven panels of the ended agreement (dispute, monev, obligation, contact, letter, incoming
# letter, document) and one dialog per kind of row action of its tables (force majeure notified and ended,
# dispute stage, due met and waived, contact ended, paraf).
DETAIL_FORMS = 17


@pytest.mark.parametrize(("agreements", "rows"), [(10, 1), (500, 8)])
def test_the_detail_runs_a_fixed_number_of_queries_and_forms(
    client, make_agreement, kemendes_staf, kemendes_pimpinan, agreements, rows, django_assert_num_queries
):
    from .test_view_agreement_list import bulk

    agreement = make_agreement()
    enrich(agreement, kemendes_staf, rows, kemendes_pimpinan)
    bulk(
        agreements,
        agreement.parties.get(order=1).institution,
        agreement.parties.get(order=2).institution,
        kemendes_staf,
    )
    client.force_login(kemendes_staf)
    with django_assert_num_queries(DETAIL_QUERIES):
        response = client.get(url(agreement))
    assert response.status_code == 200
    page = response.content.decode()
    assert f"Surat {rows - 1}" in page
    assert page.count("<form") == DETAIL_FORMS
    # Every document and every open dispute still offers its action: a link per row to the one dialog.
    assert page.count('data-row-dialog="paraf-dialog"') == rows
    assert page.count('data-row-dialog="dispute_advance-dialog"') == rows


def test_the_data_exchange_tab_links_every_page_of_the_exchange_apps_for_this_agreement(
    client, agreement, kemendes_staf
):
    client.force_login(kemendes_staf)
    page = client.get(url(agreement)).content.decode()
    tab = page.split('id="pertukaran"', 1)[1].split("</section>", 1)[0]
    for label, href in [
        ("Himpunan data", reverse("data:dataset_list")),
        ("Kredensial SIASN", reverse("partners:credential_edit", args=[agreement.pk])),
        ("Sinkronisasi SIASN", f"{reverse('sync:run_list')}?perjanjian={agreement.pk}"),
        ("Pemadanan data", reverse("matching:run_list", args=[agreement.pk])),
        ("Layanan web", reverse("api_portal:client_list", args=[agreement.pk])),
    ]:
        assert label in tab and f'href="{href}"' in tab, label
