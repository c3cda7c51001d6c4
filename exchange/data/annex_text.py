"""The Lampiran as the agreement's signed text prints it: one table of data fields per direction.

Plugged into the agreement's printed text through `registry.agreement_annexes`, so the agreement layer prints
the annex without reading this app's tables itself. Printed in Bahasa Indonesia, as the agreement is.
"""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext as _

from exchange.data.models import AnnexField
from portal.registry import AnnexTable


@translation.override("id")
def annex_tables(agreement) -> list[AnnexTable]:
    """One table per direction (provider to receiver), in party order; none when no field is recorded."""
    lines = (
        AnnexField.objects.filter(agreement=agreement)
        .select_related("field", "provider__institution", "receiver__institution")
        .order_by("provider__order", "receiver__order", "field__order", "field__code")
    )
    directions: dict[tuple[int, int], list[AnnexField]] = {}
    for line in lines:
        directions.setdefault((line.provider_id, line.receiver_id), []).append(line)
    tables = []
    for fields in directions.values():
        provider, receiver = fields[0].provider, fields[0].receiver
        heading = _("Data dan/atau informasi dari %(provider)s (%(provider_name)s) kepada %(receiver)s") % {
            "provider": provider.role_name,
            "provider_name": provider.institution.name,
            "receiver": receiver.role_name,
        }
        rows = [(_("No."), _("Elemen data"), _("Kode"), _("Keterangan"))]
        rows += [
            (str(index), line.field.label, line.field.code, line.note or line.field.description)
            for index, line in enumerate(fields, start=1)
        ]
        tables.append(AnnexTable(heading=heading, rows=tuple(rows), widths=(0.07, 0.34, 0.3, 0.29)))
    return tables
