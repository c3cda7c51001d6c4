"""The XLSX export, read back with openpyxl: the same rows as the list, masks, no foreign internal note."""

from io import BytesIO

from django.urls import reverse
from openpyxl import load_workbook

from exchange.corrections import services
from exchange.corrections.choices import AccessAction
from exchange.corrections.models import PersonalDataAccess
from tests.exchange.corrections.conftest import NIP
from tests.helpers import assert_permission_matrix

URL = reverse("exchange:proposal_export")


def workbook(client, user, **params):
    client.force_login(user)
    response = client.get(URL, params)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return load_workbook(BytesIO(response.content))


def cells(sheet):
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_the_permission_matrix(client, submitted, lain_staf, bkn_staf, bkn_penghubung):
    assert_permission_matrix(
        client,
        URL,
        {
            "anonymous": (None, 302),
            "outsider": (lain_staf, 200),
            "no grant": (bkn_staf, 200),
            "granted": (bkn_penghubung, 200),
        },
    )


def test_lain_staf_exports_an_empty_workbook(client, in_review, lain_staf):
    book = workbook(client, lain_staf, tab="all")
    assert [len(cells(book[name])) for name in ("Usulan", "Rincian", "Percakapan")] == [1, 1, 1]


def test_the_export_holds_the_proposals_their_items_and_their_shared_conversation(
    client, in_review, kemendes_penghubung, bkn_penghubung
):
    services.comment_add(acting_user=bkn_penghubung, proposal=in_review, body="SK sedang dicek.")
    services.comment_add(
        acting_user=kemendes_penghubung, proposal=in_review, body="RAHASIA KEMENDES", visibility="internal"
    )
    services.comment_add(
        acting_user=bkn_penghubung, proposal=in_review, body="Catatan BKN", visibility="internal"
    )
    book = workbook(client, bkn_penghubung, tab="inbox")
    rows = cells(book["Usulan"])
    assert rows[0][:7] == [
        "Nomor",
        "Perjanjian",
        "Pihak pengusul",
        "Pihak penerima",
        "Status",
        "NIP",
        "Nama ASN",
    ]
    assert rows[1][0] == in_review.reference and rows[1][4] == "Diproses"
    assert rows[1][5] == NIP and rows[1][6] == "Andi Contoh"
    items = cells(book["Rincian"])
    assert [r[2] for r in items[1:]] == ["jabatanFungsionalNama", "tmtJabatan"]
    talk = cells(book["Percakapan"])
    bodies = [r[5] for r in talk[1:]]
    assert bodies == ["SK sedang dicek.", "Catatan BKN"]
    everything = " ".join(str(c) for name in book.sheetnames for row in cells(book[name]) for c in row)
    assert "RAHASIA" not in everything
    access = PersonalDataAccess.objects.get(action=AccessAction.EXPORT)
    assert access.proposal_ids == [in_review.pk]

    kemendes_book = workbook(client, kemendes_penghubung, tab="outbox")
    assert "RAHASIA KEMENDES" in [r[5] for r in cells(kemendes_book["Percakapan"])]
    assert "Catatan BKN" not in [r[5] for r in cells(kemendes_book["Percakapan"])]


def test_without_the_grant_the_export_is_masked_and_not_logged(
    client, make_proposal, kemendes_penghubung, bkn_staf, field
):
    proposal = make_proposal(items=[services.ItemInput(field("tglLahir"), "1990-01-01", "1990-01-02")])
    services.proposal_submit(acting_user=kemendes_penghubung, proposal=proposal)
    book = workbook(client, bkn_staf)
    row = cells(book["Usulan"])[1]
    assert row[5] == "•" * 15 + NIP[-3:] and row[6] == "A*** C***"
    item = cells(book["Rincian"])[1]
    assert item[4:] == ["•••", "•••"]
    everything = " ".join(str(c) for name in book.sheetnames for r in cells(book[name]) for c in r)
    assert NIP not in everything and "Andi" not in everything and "1990-01-01" not in everything
    assert not PersonalDataAccess.objects.exists()


def test_a_value_starting_with_an_equals_sign_stays_text(
    client, make_proposal, kemendes_penghubung, bkn_penghubung, field
):
    proposal = make_proposal(
        reason='=HYPERLINK("http://evil.example")',
        items=[services.ItemInput(field("unorNama"), "=1+1", "Lama")],
    )
    services.proposal_submit(acting_user=kemendes_penghubung, proposal=proposal)
    client.force_login(bkn_penghubung)
    response = client.get(URL)
    book = load_workbook(BytesIO(response.content))
    cell = book["Usulan"]["I2"]
    assert cell.value == '=HYPERLINK("http://evil.example")' and cell.data_type == "s"
    assert book["Rincian"]["F2"].data_type == "s"


def test_the_export_follows_the_lists_filters(
    client, submitted, make_proposal, kemendes_penghubung, bkn_penghubung
):
    from tests.exchange.corrections.conftest import NIP_2

    other = make_proposal(nip=NIP_2)
    services.proposal_submit(acting_user=kemendes_penghubung, proposal=other)
    services.proposal_start_review(acting_user=bkn_penghubung, proposal=other)
    book = workbook(client, bkn_penghubung, tab="inbox", status="review")
    assert [r[0] for r in cells(book["Usulan"])[1:]] == [other.reference]
    client.post(reverse("exchange:proposal_list"), {"q": NIP})
    book = workbook(client, bkn_penghubung, tab="inbox")
    assert [r[0] for r in cells(book["Usulan"])[1:]] == [submitted.reference]
