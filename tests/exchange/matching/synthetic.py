"""Synthetic rosters for matching: a left frame and a right frame of the same persons, with differences
planted in the right one and a label per person saying what was planted and what the engine should say.

Built with polars expressions over a row index (hash-derived "random" values), so a million persons take a
second or two and the same seed always gives the same set.
"""

from __future__ import annotations

import polars as pl

FIRST = ["Andi", "Budi", "Siti", "Dewi", "Agus", "Rina", "Joko", "Sri", "Eko", "Ayu", "Hendra", "Wahyu",
         "Nur", "Dian", "Rudi", "Yuni", "Bambang", "Lestari", "Teguh", "Fitri"]  # fmt: skip
LAST = ["Pratama", "Susanto", "Wijaya", "Hidayat", "Saputra", "Lestari", "Kurniawan", "Rahmawati",
        "Setiawan", "Nugroho", "Purnomo", "Handayani", "Santoso", "Utami", "Gunawan", "Permata"]  # fmt: skip
RANKS = ["II/a", "II/b", "II/c", "II/d", "III/a", "III/b", "III/c", "III/d", "IV/a"]
RANK_SHORT = {"II/a": "2A", "II/b": "2B", "II/c": "2C", "II/d": "2D", "III/a": "3A", "III/b": "3B",
              "III/c": "3C", "III/d": "3D", "IV/a": "4A"}  # fmt: skip
UNITS = [f"Kabupaten Contoh {n}" for n in range(1, 41)]
POSITIONS = ["Penggerak Swadaya Masyarakat Ahli Pertama", "Penggerak Swadaya Masyarakat Ahli Muda",
             "Penggerak Swadaya Masyarakat Terampil"]  # fmt: skip


def _pick_fast(options: list[str], salt: int) -> pl.Expr:
    index = (pl.col("i").hash(salt) % len(options)).cast(pl.UInt32)
    return pl.lit(pl.Series(options)).gather(index)


def persons(n: int, *, seed: int = 7) -> pl.DataFrame:
    """n persons with sound NIPs that agree with their birth date, TMT CPNS and sex."""
    base = pl.DataFrame({"i": pl.arange(0, n, eager=True)})
    birth = pl.date(1960, 1, 1) + pl.duration(days=(pl.col("i").hash(seed) % 14_000).cast(pl.Int64))
    frame = base.with_columns(
        birth.alias("_birth"),
        ((pl.col("i").hash(seed + 1) % 2) + 1).cast(pl.Utf8).alias("jenisKelamin"),
        ((pl.col("i").hash(seed + 2) % 12) + 1).cast(pl.Int32).alias("_month"),
        ((pl.col("i").hash(seed + 3) % 15) + 22).cast(pl.Int32).alias("_after"),
        ((pl.col("i") % 997) + 1).cast(pl.Utf8).str.zfill(3).alias("_seq"),
        pl.concat_str([_pick_fast(FIRST, seed + 4), _pick_fast(LAST, seed + 5)], separator=" ").alias("nama"),
        _pick_fast(RANKS, seed + 6).alias("golRuangAkhir"),
        _pick_fast(UNITS, seed + 7).alias("unorNama"),
        _pick_fast(POSITIONS, seed + 8).alias("jabatanNama"),
    )
    frame = frame.with_columns(
        (pl.col("_birth").dt.year() + pl.col("_after")).alias("_year"),
    ).with_columns(
        pl.date(pl.col("_year"), pl.col("_month"), 1).dt.strftime("%Y-%m-%d").alias("tmtCpns"),
        pl.col("_birth").dt.strftime("%Y-%m-%d").alias("tglLahir"),
        pl.concat_str(
            [
                pl.col("_birth").dt.strftime("%Y%m%d"),
                pl.col("_year").cast(pl.Utf8),
                pl.col("_month").cast(pl.Utf8).str.zfill(2),
                pl.col("jenisKelamin"),
                pl.col("_seq"),
            ]
        ).alias("nip"),
        pl.lit(None, pl.Utf8).alias("gelarDepan"),
        pl.lit(None, pl.Utf8).alias("gelarBelakang"),
    )
    columns = ["nip", "nama", "gelarDepan", "gelarBelakang", "tglLahir", "jenisKelamin", "tmtCpns",
               "golRuangAkhir", "jabatanNama", "unorNama"]  # fmt: skip
    # Rows are kept in index order ("i") so a plant chosen by position always hits the same person.
    return frame.unique(subset="nip", keep="first", maintain_order=True).select(columns)


def bench_pair(n: int, *, share: float = 0.05, seed: int = 7) -> tuple[pl.DataFrame, pl.DataFrame, int]:
    """Left and right with `share` of the persons carrying one real difference on the right (rank,
    birth date or position in turn), and as many again with only format noise (3A for III/a, dd-mm-yyyy)
    that must stay padan. Returns (left, right, number of planted differences)."""
    left = persons(n, seed=seed)
    right = left.with_row_index("k").with_columns(bucket=(pl.col("k").hash(seed + 9) % 10_000).cast(pl.Int64))
    cut = int(share * 10_000)
    planted = pl.col("bucket") < cut
    noise = (pl.col("bucket") >= cut) & (pl.col("bucket") < 2 * cut)
    kind = pl.col("bucket") % 3
    right = right.with_columns(
        pl.when(planted & (kind == 0))
        .then(pl.when(pl.col("golRuangAkhir") == "IV/a").then(pl.lit("III/d")).otherwise(pl.lit("IV/a")))
        .when(noise)
        .then(pl.col("golRuangAkhir").replace(RANK_SHORT))
        .otherwise(pl.col("golRuangAkhir"))
        .alias("golRuangAkhir"),
        pl.when(planted & (kind == 1))
        .then((pl.col("tglLahir").str.to_date() + pl.duration(days=1)).dt.strftime("%Y-%m-%d"))
        .when(noise)
        .then(pl.col("tglLahir").str.to_date().dt.strftime("%d-%m-%Y"))
        .otherwise(pl.col("tglLahir"))
        .alias("tglLahir"),
        pl.when(planted & (kind == 2))
        .then(pl.lit("Analis Kebijakan Ahli Muda"))
        .when(noise)
        .then(pl.col("jabatanNama").str.to_uppercase())
        .otherwise(pl.col("jabatanNama"))
        .alias("jabatanNama"),
    )
    count = right.filter(planted).height
    return left, right.drop("k", "bucket"), count
