"""The comparison keys and the NIP checks of pemadanan, table by table."""

from __future__ import annotations

import polars as pl
import pytest

from exchange.data import nip
from exchange.matching import rules


@pytest.mark.parametrize(
    ("left", "right", "same"),
    [
        ("Andi Pratama", "ANDI  PRATAMA", True),
        ("Andi Pratama", " andi pratama ", True),
        ("Drs. Andi Pratama", "Andi Pratama", True),
        ("Soetjipto", "Sucipto", True),
        ("Djoko Tjahjono", "Joko Cahyono", True),
        ("Andi Pratama", "Andi Saputra", False),
        ("", None, True),
    ],
)
def test_name_key_folds_case_spacing_titles_and_old_spellings(left, right, same):
    assert (rules.name_key(left) == rules.name_key(right)) is same


@pytest.mark.parametrize(
    ("left", "right", "same"),
    [
        ("III/a", "3A", True),
        ("III/a", "III a", True),
        ("III/a", "Penata Muda", True),
        ("III/a", "III/b", False),
        ("IV/a", "3A", False),
    ],
)
def test_rank_key_reads_every_form_of_a_rank(left, right, same):
    assert (rules.rank_key(left) == rules.rank_key(right)) is same


@pytest.mark.parametrize(
    ("left", "right", "same"),
    [
        ("1985-03-12", "12-03-1985", True),
        ("1985-03-12", "12/03/1985", True),
        ("1985-03-12", "12 Maret 1985", True),
        ("1985-03-12", "1985-03-13", False),
        ("", "01-01-0001", True),
        ("", "null", True),
        ("1985-03-12", "", False),
    ],
)
def test_date_key_reads_dates_in_every_common_form(left, right, same):
    assert (rules.date_key(left) == rules.date_key(right)) is same


@pytest.mark.parametrize(
    ("left", "right", "same"),
    [("L", "Laki-laki", True), ("P", "Perempuan", True), ("1", "L", True), ("L", "P", False)],
)
def test_sex_key_reads_letters_words_and_digits(left, right, same):
    assert (rules.sex_key(left) == rules.sex_key(right)) is same


@pytest.mark.parametrize(
    ("left", "right", "differs"),
    [
        ({"gelarDepan": "Dr.", "nama": "Siti"}, {"gelarDepan": "Dr", "nama": "Siti"}, False),
        ({"gelarDepan": None, "nama": "Dr. Siti"}, {"gelarDepan": "Dr.", "nama": "Siti"}, False),
        ({"gelarDepan": "Dr. H.", "nama": "Siti"}, {"gelarDepan": "H. Dr.", "nama": "Siti"}, False),
        ({"gelarDepan": "Dr.", "nama": "Siti"}, {"gelarDepan": "Drs.", "nama": "Siti"}, True),
        (
            {"gelarBelakang": "S.Sos., M.Si.", "nama": "Siti"},
            {"gelarBelakang": "M.Si, S.Sos", "nama": "Siti"},
            False,
        ),
        ({"gelarBelakang": "S.Sos.", "nama": "Siti"}, {"gelarBelakang": "S.E.", "nama": "Siti"}, True),
    ],
)
def test_titles_are_compared_as_a_set(left, right, differs):
    code = "gelarDepan" if "gelarDepan" in left else "gelarBelakang"
    assert rules.differs(code, left, right) is differs


@pytest.mark.parametrize(
    ("code", "kind"),
    [
        ("nama", "name"),
        ("gelarDepan", "titles"),
        ("golRuangAkhir", "rank"),
        ("pangkatAkhir", "rank"),
        ("tglLahir", "date"),
        ("tmtCpns", "date"),
        ("jenisKelamin", "sex"),
        ("unorNama", "text"),
    ],
)
def test_each_catalogue_field_has_its_kind(code, kind):
    assert rules.field_kind(code) == kind


NIPS = [
    "198503122010011004",
    "19850312 201001 1 004",
    "198503122010011000",
    "198503122010013004",
    "198513122010011004",
    "198503122010131004",
    "198503121980011004",
    "19850312201001100",
    "1985031220100110045",
    "19850312201001100A",
    "",
]


def test_the_bulk_nip_check_agrees_with_the_nip_module():
    frame = pl.DataFrame({"nip": NIPS}).with_columns(rules.nip_clean_expr("nip").alias("nip"))
    bulk = frame.select(rules.nip_valid_expr("nip")).to_series().to_list()
    assert bulk == [nip.is_valid(value) for value in NIPS]


def test_a_broken_nip_is_explained_without_repeating_it():
    message = rules.nip_problem("198503122010013004")
    assert "jenis kelamin" in message
    assert "198503122010013004" not in message
    assert rules.nip_problem("198503122010011004") == ""


@pytest.mark.parametrize(
    ("code", "raw", "key"),
    [
        ("tglLahir", "12-03-1985", "1985-03-12"),
        ("tmtCpns", "01-01-2010", "2010-01"),
        ("tmtCpns", "2010-01-01", "2010-01"),
        ("jenisKelamin", "Laki-laki", "1"),
        ("tglLahir", "", ""),
    ],
)
def test_record_values_are_folded_as_the_nip_states_them(code, raw, key):
    assert rules.record_key_for_check(code, raw) == key
    if key:
        assert rules.nip_says(code, "198503122010011004")[: len(key)] == key or code == "jenisKelamin"
