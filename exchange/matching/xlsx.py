"""The differences of a run as an XLSX workbook, streamed through a write-only workbook: one row per
differing field of each person, so a spreadsheet filter by field shows every case."""

from __future__ import annotations

import tempfile

from django.utils.translation import gettext as _
from openpyxl import Workbook

from exchange.matching.models import MatchResult, MatchRun

CHUNK = 2000


def differences_workbook(run: MatchRun, results, labels: dict[str, str]) -> tempfile.SpooledTemporaryFile:
    """Write the workbook to a spooled file (memory up to 16 MB, then disk) and return it rewound."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Perbedaan"))
    sheet.append([_("Pemadanan"), run.reference])
    sheet.append([])
    sheet.append(
        [_("NIP"), _("NIP di data pembanding"), _("Nama"), _("Unit kerja"), _("Hasil"), _("Aturan"),
         _("Kode elemen"), _("Elemen data"), _("Nilai data pertama"), _("Nilai data pembanding")]
    )  # fmt: skip
    outcomes = dict(MatchResult._meta.get_field("outcome").choices)
    rules = dict(MatchResult._meta.get_field("rule").choices)
    for result in results.only("nip", "nip_other", "name", "unit", "outcome", "rule", "differences").iterator(
        chunk_size=CHUNK
    ):
        base = [
            result.nip,
            result.nip_other,
            result.name,
            result.unit,
            str(outcomes.get(result.outcome, result.outcome)),
            str(rules.get(result.rule, result.rule)),
        ]
        for difference in result.differences or [{}]:
            code = difference.get("field", "")
            sheet.append(
                [*base, code, labels.get(code, code), difference.get("left"), difference.get("right")]
            )
    handle = tempfile.SpooledTemporaryFile(max_size=16 * 1024 * 1024)  # noqa: SIM115 - the response closes it
    book.save(handle)
    handle.seek(0)
    return handle
