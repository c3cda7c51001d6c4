"""Names and titles, dates in every common form and ranks, as rosters write them."""

from datetime import date, datetime

import pytest

from exchange.data.normalise import is_blank, name_key, name_split, parse_date, rank_name, rank_normalise


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Drs. H. Ahmad Fiktif, M.Si., S.E.", ("Ahmad Fiktif", ["Drs.", "H."], ["M.Si.", "S.E."])),
        ("Dr. Ir. Siti Rekaan, M.M", ("Siti Rekaan", ["Dr.", "Ir."], ["M.M"])),
        ("BUDI CONTOH SE", ("BUDI CONTOH", [], ["SE"])),
        ("Andi Contoh S.Sos", ("Andi Contoh", [], ["S.Sos"])),
        ("M. Yusuf Contoh", ("M. Yusuf Contoh", [], [])),
        ("Hj. Nur", ("Nur", ["Hj."], [])),
        ("'Andi   Contoh", ("Andi Contoh", [], [])),
        ("null", ("", [], [])),
    ],
)
def test_it_splits_titles_from_names(raw, expected):
    assert name_split(raw) == expected


def test_old_and_new_spellings_share_a_key():
    assert name_key("Drs. Soekarno Djojo, M.Si") == name_key("SUKARNO  JOJO") == "sukarno jojo"
    assert name_key("Tjahjo Njoman") == name_key("Cahjo Nyoman")
    assert name_key("Sjarif Chairul") == name_key("Syarif Khairul")


@pytest.mark.parametrize(
    "raw",
    ["12-03-1985", "1985-03-12", "12/03/1985", "12.03.1985", "12 Maret 1985", "12 Mar 1985", "12-mar-1985",
     "1985-03-12 00:00:00", "19850312", "31118", 31118, 31118.0, "'12-03-1985",
     datetime(1985, 3, 12, 0, 0), date(1985, 3, 12)],
)  # fmt: skip
def test_it_reads_dates_in_every_common_form(raw):
    assert parse_date(raw) == date(1985, 3, 12)


@pytest.mark.parametrize("raw", ["", None, "null", "undefined", "-", "01-01-0001", "32-01-2000", "kemarin"])
def test_blank_and_unreadable_dates_are_none(raw):
    assert parse_date(raw) is None


def test_blank_words_are_blank():
    assert is_blank("null") and is_blank(" - ") and is_blank("'") and not is_blank("0")


@pytest.mark.parametrize(
    "raw",
    ["3A", "3a", "III/a", "III a", "III-A", "iii/a", "Penata Muda", "PENATA MUDA", "Penata Muda (III/a)"],
)
def test_ranks_meet_on_one_form(raw):
    assert rank_normalise(raw) == "III/a"


def test_other_ranks():
    assert rank_normalise("Penata Muda Tk. I") == "III/b"
    assert rank_normalise("Pembina Utama Madya") == "IV/d"
    assert rank_normalise("IV/e") == "IV/e"
    assert rank_normalise("III/e") is None
    assert rank_normalise("x") is None
    assert rank_name("III/b") == "Penata Muda Tingkat I"
