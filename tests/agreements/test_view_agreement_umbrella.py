"""The umbrella MoU on the agreement page: numbers, date, the PKS under it, a warning when one outlives it."""

from django.urls import reverse

from tests.agreements.conftest import party


def detail(client, agreement) -> str:
    return client.get(reverse("agreements:agreement_detail", args=[agreement.pk])).content.decode()


def test_a_pks_names_its_mou_by_numbers_and_date_and_warns_when_it_outlives_it(
    client, make_agreement, kemendes, bkn, kemendes_staf
):
    mou = make_agreement(
        kind="mou",
        title="Nota Kesepahaman Uji",
        term_months=12,
        parties=[party(kemendes, "NK-1/2023"), party(bkn, "NK-2/2023")],
    )
    pks = make_agreement(title="PKS di bawah MoU", umbrella=mou, term_months=24)
    client.force_login(kemendes_staf)
    page = detail(client, pks)
    assert "NK-1/2023, NK-2/2023" in page
    assert "ditandatangani 9 Oktober 2023; berlaku sampai 8 Oktober 2024" in page
    assert "data-umbrella-warning" in page
    mou_page = detail(client, mou)
    assert "Perjanjian kerja sama di bawah nota kesepahaman ini" in mou_page
    assert "PKS di bawah MoU" in mou_page and "berlaku lebih lama daripada nota kesepahaman ini" in mou_page
    assert "Laporan dan monev" not in mou_page
    assert "Laporan dan monev" in page


def test_a_pks_within_its_mou_shows_no_warning_and_an_mou_without_pks_says_so(
    client, make_agreement, kemendes_staf
):
    mou = make_agreement(kind="mou", title="Nota Kesepahaman Panjang", term_months=60)
    pks = make_agreement(title="PKS singkat", umbrella=mou, term_months=12)
    client.force_login(kemendes_staf)
    assert "data-umbrella-warning" not in detail(client, pks)
    lonely = make_agreement(kind="mou", title="Nota Kesepahaman Kosong")
    assert "Belum ada perjanjian kerja sama yang tercatat" in detail(client, lonely)
