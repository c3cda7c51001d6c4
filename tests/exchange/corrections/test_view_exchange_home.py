"""The data-exchange page: the field catalogue for everyone, each agreement's annex for its parties only."""

from django.urls import reverse

from exchange.corrections.demo import load_annex
from exchange.data.models import AnnexField
from tests.helpers import assert_permission_matrix

URL = reverse("exchange:exchange_home")


def test_the_permission_matrix(client, agreement, lain_staf, kemendes_staf, kemendes_penghubung):
    assert_permission_matrix(
        client,
        URL,
        {
            "anonymous": (None, 302),
            "outsider": (lain_staf, 200),
            "no grant": (kemendes_staf, 200),
            "granted": (kemendes_penghubung, 200),
        },
    )


def test_the_section_root_opens_the_catalogue(client, kemendes_staf):
    client.force_login(kemendes_staf)
    response = client.get("/pertukaran/")
    assert response.status_code == 302 and response["Location"] == URL


def test_the_catalogue_lists_the_siasn_field_names_with_their_sensitivity(client, kemendes_staf):
    client.force_login(kemendes_staf)
    page = client.get(URL).content.decode()
    for code in ("nipBaru", "tglLahir", "jabatanFungsionalNama", "golRuangAkhir", "tmtPns", "unorNama"):
        assert f'<td class="mono">{code}</td>' in page
    assert "Data pribadi" in page and "Terbuka" in page


def test_a_party_sees_the_annex_per_direction_and_an_outsider_does_not(
    client, agreement, kemendes_staf, lain_staf
):
    AnnexField.objects.filter(agreement=agreement).delete()
    load_annex(agreement)
    client.force_login(kemendes_staf)
    page = client.get(URL).content.decode()
    assert "PIHAK KEDUA (BKN) memberikan kepada PIHAK KESATU (Kemendes PDTT)" in page
    assert "PIHAK KESATU (Kemendes PDTT) memberikan kepada PIHAK KEDUA (BKN)" in page
    assert "23 elemen data" in page and "9 elemen data" in page
    client.force_login(lain_staf)
    page = client.get(URL).content.decode()
    assert agreement.title not in page
    assert "Belum ada lampiran" in page
