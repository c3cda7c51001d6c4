"""One person's SIASN data as catalogue values: data-utama first, the riwayat lists only when needed.

data-utama carries the current position and rank; when it leaves them empty (SIASN does), the newest line
of rw-jabatan or rw-golongan fills them, and only if the Lampiran asks for those fields: one call per person
in the common case, which is what the partner's quota is spent on.
"""

from __future__ import annotations

from collections.abc import Iterable

from exchange.partners import parsing
from exchange.partners.client import SiasnClient, SiasnError

JABATAN_FIELDS = ("jabatanNama", "jabatanFungsionalNama", "tmtJabatan")
GOLONGAN_FIELDS = ("golRuangAkhir", "tmtGolAkhir")


class WrongPerson(SiasnError):
    reason = "wrong_person"


def fetch_person(client: SiasnClient, nip: str, keep: Iterable[str]) -> dict[str, str]:
    """The values of the fields in `keep` that SIASN holds for `nip` (NotFound when it holds nobody)."""
    keep = list(keep)
    payload = client.data_utama(nip)
    said = parsing.payload_nip(payload)
    if said and said != nip:
        raise WrongPerson()
    values = parsing.data_utama(payload, nip=nip, keep=keep)
    if any(code in keep and code not in values for code in JABATAN_FIELDS):
        line = parsing.latest(client.rw_jabatan(nip), "tmtJabatan")
        if line:
            extra = {
                "jabatanNama": line.get("namaJabatan") or line.get("jabatanFungsionalNama"),
                "jabatanFungsionalNama": line.get("jabatanFungsionalNama"),
                "tmtJabatan": line.get("tmtJabatan"),
            }
            for code, value in parsing.data_utama(extra, nip=nip, keep=keep).items():
                values.setdefault(code, value)
    if any(code in keep and code not in values for code in GOLONGAN_FIELDS):
        line = parsing.latest(client.rw_golongan(nip), "tmtGolongan")
        if line:
            extra = {"golRuangAkhir": line.get("golongan"), "tmtGolAkhir": line.get("tmtGolongan")}
            for code, value in parsing.data_utama(extra, nip=nip, keep=keep).items():
                values.setdefault(code, value)
    return values
