"""The engine, one planted situation per row, and a labelled synthetic set measured for precision and
recall of "tidak padan"."""

from __future__ import annotations

import json

import polars as pl
import pytest

from exchange.matching import engine
from tests.exchange.matching.synthetic import persons

NIP_A = "198503122010011004"
NIP_B = "199001012015032001"
BASE = {
    "nip": NIP_A,
    "nama": "Andi Pratama",
    "gelarDepan": None,
    "gelarBelakang": None,
    "tglLahir": "1985-03-12",
    "jenisKelamin": "1",
    "tmtCpns": "2010-01-01",
    "golRuangAkhir": "III/a",
    "unorNama": "Kabupaten Contoh",
}


def frame(*records: dict) -> pl.DataFrame:
    return pl.DataFrame(list(records), schema=dict.fromkeys(BASE, pl.Utf8))


def one(left: list[dict], right: list[dict]) -> dict:
    results = engine.match(frame(*left), frame(*right)).results
    assert results.height == 1, results
    row = results.row(0, named=True)
    row["differences"] = json.loads(row["differences"])
    row["checks"] = json.loads(row["checks"])
    return row


def with_(**changes) -> dict:
    return {**BASE, **changes}


CASES = [
    # (situation, left, right, outcome, rule, differing fields)
    ("same record", with_(), with_(), "padan", "nip", []),
    ("case and spacing", with_(nama="Andi  PRATAMA"), with_(nama="andi pratama"), "padan", "nip", []),
    ("titles in the name", with_(nama="Drs. Andi Pratama, M.Si."),
     with_(gelarDepan="Drs.", gelarBelakang="M.Si"),
     "padan", "nip", []),
    ("old spelling", with_(nama="Andi Soetjipto"), with_(nama="Andi Sucipto"), "padan", "nip", []),
    ("rank forms", with_(golRuangAkhir="3A"), with_(golRuangAkhir="III/a"), "padan", "nip", []),
    ("rank by name", with_(golRuangAkhir="Penata Muda"), with_(), "padan", "nip", []),
    ("date forms", with_(tglLahir="12-03-1985"), with_(), "padan", "nip", []),
    ("sex forms", with_(jenisKelamin="L"), with_(jenisKelamin="Laki-laki"), "padan", "nip", []),
    ("wrong rank", with_(golRuangAkhir="III/b"), with_(), "tidak_padan", "nip", ["golRuangAkhir"]),
    ("wrong birth date", with_(), with_(tglLahir="1985-03-13"), "tidak_padan", "nip", ["tglLahir"]),
    ("other titles", with_(gelarDepan="Dr."), with_(gelarDepan="Drs."), "tidak_padan", "nip", ["gelarDepan"]),
    ("value on one side only", with_(unorNama=None), with_(), "tidak_padan", "nip", ["unorNama"]),
    ("both records disagree with the NIP", with_(tglLahir="1985-03-13"), with_(tglLahir="1985-03-13"),
     "nip_tidak_valid", "nip_vs_tgl_lahir", []),
    ("sex digit against the record", with_(jenisKelamin="P"), with_(jenisKelamin="P"),
     "nip_tidak_valid", "nip_vs_jenis_kelamin", []),
    ("TMT CPNS against the NIP", with_(tmtCpns="2011-01-01"), with_(tmtCpns="2011-01-01"),
     "nip_tidak_valid", "nip_vs_tmt_cpns", []),
    ("broken NIP on both sides", with_(nip="198503122010013004"), with_(nip="198503122010013004"),
     "nip_tidak_valid", "struktur_nip", []),
    ("NIP typed wrong on one side", with_(nip="19850312201001100"), with_(),
     "nip_tidak_valid", "struktur_nip", ["nipBaru"]),
    ("another NIP, same name and birth date", with_(), with_(nip="198503122010011009"),
     "tidak_padan", "nama_tgl_lahir", ["nipBaru"]),
    ("another NIP, a near name", with_(nama="Andi Pratamma"), with_(nip="198503122010011009"),
     "tidak_padan", "nama_mirip_tgl_lahir", ["nipBaru", "nama"]),
]  # fmt: skip


@pytest.mark.parametrize(
    ("situation", "left", "right", "outcome", "rule", "fields"), CASES, ids=[c[0] for c in CASES]
)
def test_each_situation_gets_its_outcome_and_rule(situation, left, right, outcome, rule, fields):
    row = one([left], [right])
    assert (row["outcome"], row["rule"]) == (outcome, rule)
    assert sorted(d["field"] for d in row["differences"]) == sorted(fields)


def test_a_difference_carries_both_raw_values():
    row = one([with_(golRuangAkhir="III/b")], [with_()])
    assert row["differences"] == [{"field": "golRuangAkhir", "left": "III/b", "right": "III/a"}]
    assert row["fields"] == " golRuangAkhir "


def test_the_nip_check_names_the_side_that_disagrees_with_the_nip():
    row = one([with_()], [with_(tglLahir="1985-03-13")])
    assert row["checks"] == [{"side": "right", "rule": "nip_vs_tgl_lahir"}]


@pytest.mark.parametrize(
    ("left", "right", "outcome"),
    [([with_()], [], "hanya_kiri"), ([], [with_()], "hanya_kanan")],
)
def test_a_person_on_one_side_only(left, right, outcome):
    assert one(left, right)["outcome"] == outcome


def test_a_nip_twice_on_one_side_is_one_duplicate_result():
    row = one([with_(), with_(nama="Andi Lain")], [with_()])
    assert (row["outcome"], row["rule"]) == ("ganda", "nip_ganda")
    assert row["checks"] == [{"side": "left", "count": 2}, {"side": "right", "count": 1}]


def test_two_unpaired_namesakes_born_the_same_day_are_ambiguous():
    results = engine.match(
        frame(with_(nip="19850312201001100"), with_(nip="1985031220100110")),
        frame(with_(nip=NIP_B)),
    ).results
    assert sorted(results["outcome"].to_list()) == ["ganda", "ganda", "ganda"]
    assert set(results["rule"].to_list()) == {"nama_tgl_ganda"}


def test_counts_by_outcome_field_and_unit():
    out = engine.match(
        frame(with_(), with_(nip=NIP_B, nama="Sri Utami", tglLahir="1990-01-01", jenisKelamin="2",
                             tmtCpns="2015-03-01", unorNama="Kota Contoh", golRuangAkhir="II/a")),
        frame(with_(golRuangAkhir="III/b")),
    )  # fmt: skip
    counts = out.counts
    assert counts["outcome"]["tidak_padan"] == 1 and counts["outcome"]["hanya_kiri"] == 1
    assert counts["field"] == {"golRuangAkhir": 1}
    assert counts["unit"] == {"Kabupaten Contoh": {"tidak_padan": 1}, "Kota Contoh": {"hanya_kiri": 1}}
    assert (counts["left"], counts["right"], counts["needs_proposal"]) == (2, 1, 1)


def test_empty_sides_give_empty_results():
    out = engine.match(frame(), frame())
    assert out.results.height == 0
    assert out.counts["outcome"]["padan"] == 0


# --- The labelled set ------------------------------------------------------------------------------------

PLANTS = [
    # (label, expected outcome, how the right record (or the pair) is changed)
    ("none", "padan"),
    ("titles", "padan"),
    ("spacing", "padan"),
    ("case", "padan"),
    ("rank_form", "padan"),
    ("date_form", "padan"),
    ("old_spelling", "padan"),
    ("wrong_birth", "tidak_padan"),
    ("wrong_rank", "tidak_padan"),
    ("missing", "hanya_kiri"),
    ("invalid_nip", "nip_tidak_valid"),
    ("wrong_nip", "tidak_padan"),
]
RANK_SHORT = {"II/a": "2A", "II/b": "2B", "II/c": "2C", "II/d": "2D", "III/a": "3A", "III/b": "3B",
              "III/c": "3C", "III/d": "3D", "IV/a": "4A"}  # fmt: skip


def _plant(label: str, left: dict, right: dict) -> tuple[dict, dict | None]:
    if label == "titles":
        left = {**left, "nama": f"Drs. {left['nama']}, M.Si."}
        right = {**right, "gelarDepan": "Drs", "gelarBelakang": "M.Si."}
    elif label == "spacing":
        right = {**right, "nama": "  ".join(right["nama"].split()) + " "}
    elif label == "case":
        right = {**right, "nama": right["nama"].upper()}
    elif label == "rank_form":
        right = {**right, "golRuangAkhir": RANK_SHORT[right["golRuangAkhir"]]}
    elif label == "date_form":
        y, m, d = right["tglLahir"].split("-")
        right = {**right, "tglLahir": f"{d}-{m}-{y}"}
    elif label == "old_spelling":
        left = {**left, "nama": left["nama"] + " Soetjipto"}
        right = {**right, "nama": right["nama"] + " Sucipto"}
    elif label == "wrong_birth":
        y, m, d = right["tglLahir"].split("-")
        right = {**right, "tglLahir": f"{y}-{m}-{'15' if d != '15' else '16'}"}
    elif label == "wrong_rank":
        right = {**right, "golRuangAkhir": "IV/a" if right["golRuangAkhir"] != "IV/a" else "III/d"}
    elif label == "missing":
        right = None
    elif label == "invalid_nip":
        left = {**left, "nip": left["nip"][:14] + "3" + left["nip"][15:]}
        right = {**right, "nip": left["nip"]}
    elif label == "wrong_nip":
        seq = int(right["nip"][15:]) % 999 + 1
        right = {**right, "nip": right["nip"][:15] + f"{seq:03d}"}
    return left, right


def labelled_set(n: int = 6_000):
    base = persons(n, seed=11).to_dicts()
    lefts, rights, labels = [], [], {}
    for index, record in enumerate(base):
        label, expected = PLANTS[index % len(PLANTS)]
        left, right = _plant(label, dict(record), dict(record))
        lefts.append(left)
        if right is not None:
            rights.append(right)
        labels[left["nip"]] = (label, expected)
    schema = dict.fromkeys(base[0], pl.Utf8)
    return pl.DataFrame(lefts, schema=schema), pl.DataFrame(rights, schema=schema), labels


def test_precision_and_recall_of_tidak_padan_on_a_labelled_set():
    left, right, labels = labelled_set()
    results = engine.match(left, right).results
    said = dict(zip(results["nip"].to_list(), results["outcome"].to_list(), strict=True))
    truth = {nip for nip, (_label, expected) in labels.items() if expected == "tidak_padan"}
    flagged = {nip for nip, outcome in said.items() if outcome == "tidak_padan"}
    hits = len(truth & flagged)
    precision = hits / len(flagged) if flagged else 0.0
    recall = hits / len(truth) if truth else 0.0
    print(f"\n[matching] tidak padan: precision {precision:.4f}, recall {recall:.4f} "
          f"({hits} of {len(truth)} planted, {len(flagged)} flagged, {len(labels)} persons)")  # fmt: skip
    wrong = [(labels[nip][0], said.get(nip)) for nip in labels if said.get(nip) != labels[nip][1]]
    assert precision >= 0.99 and recall >= 0.99, wrong[:20]
    assert len(wrong) / len(labels) < 0.01, wrong[:20]


def test_a_broken_nip_carries_the_nip_modules_reason_without_the_nip():
    row = one([with_(nip="198503122010013004")], [with_(nip="198503122010013004")])
    assert [c["side"] for c in row["checks"]] == ["left", "right"]
    for check in row["checks"]:
        assert check["rule"] == "struktur_nip" and "jenis kelamin" in check["message"]
        assert "198503122010013004" not in check["message"]
    row = one([with_(nip="19850312201001")], [])
    assert row["checks"][0]["rule"] == "struktur_nip" and "18 digit" in row["checks"][0]["message"]
