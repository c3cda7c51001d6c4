"""How records look to a reader: personal fields masked without the per-agreement grant, never hinted at;
and the NIP/name search over one version."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import QuerySet

from exchange.data import nip, normalise
from exchange.data.models import DataField, DataSetVersion, Record

NAME_FIELD = "nama"


def mask_name(name: str) -> str:
    """'Andi Contoh' -> 'A*** C***': enough to tell rows apart, not to know the person."""
    return " ".join(f"{word[0]}***" for word in (name or "").split())


def mask_value(value: str | None) -> str:
    return "•••" if value else ""


def shown(code: str, value: str | None, catalogue: dict[str, DataField], *, personal: bool) -> str:
    if value in (None, ""):
        return ""
    data_field = catalogue.get(code)
    if personal or data_field is None or not data_field.is_personal:
        return value
    if code == NAME_FIELD:
        return mask_name(value)
    return mask_value(value)


@dataclass
class Row:
    """A record as a page shows it."""

    pk: int | None
    nip: str
    name: str
    cells: list[str]
    changed: list[str] = field(default_factory=list)


def row(
    record: Record,
    codes: list[str],
    catalogue: dict[str, DataField],
    *,
    personal: bool,
    before: dict | None = None,
) -> Row:
    """`codes`: the version's fields; NIP and name are shown apart, so they are left out of the cells."""
    values = record.values or {}
    codes = [code for code in codes if code not in ("nipBaru", NAME_FIELD)]
    changed = [code for code in codes if before is not None and before.get(code) != values.get(code)]
    return Row(
        pk=record.pk,
        nip=record.nip if personal else nip.mask(record.nip),
        name=shown(NAME_FIELD, values.get(NAME_FIELD), catalogue, personal=personal),
        cells=[shown(code, values.get(code), catalogue, personal=personal) for code in codes],
        changed=[catalogue[code].label if code in catalogue else code for code in changed],
    )


def fields_of(
    record: Record, version: DataSetVersion, catalogue: dict[str, DataField], *, personal: bool
) -> list[tuple[DataField | None, str, str]]:
    """(catalogue field, code, value as shown) for every field the version keeps."""
    values = record.values or {}
    result = []
    for code in version.fields:
        value = record.nip if code == "nipBaru" else values.get(code)
        if code == "nipBaru" and not personal:
            result.append((catalogue.get(code), code, nip.mask(record.nip)))
            continue
        result.append((catalogue.get(code), code, shown(code, value, catalogue, personal=personal)))
    return result


def preview_row(values: dict, fields: list[str], catalogue: dict[str, DataField], *, personal: bool) -> dict:
    nip_value = values.get("nipBaru") or ""
    return {
        "row": values.get("row"),
        "nip": nip_value if personal else nip.mask(nip_value),
        "cells": [
            shown(code, values.get(code), catalogue, personal=personal)
            for code in fields
            if code != "nipBaru"
        ],
    }


def search(version: DataSetVersion, query: str) -> QuerySet[Record]:
    """Records of one version by NIP (digits, spaces allowed; a prefix is enough) or by name."""
    query = " ".join(query.split())
    digits = nip.normalize(query)
    records = Record.objects.filter(version=version).select_related("version")
    if digits.isdigit():
        return records.filter(nip__startswith=digits).order_by("nip")
    bare, _front, _back = normalise.name_split(query)
    return records.filter(values__nama__icontains=bare or query).order_by("nip")
