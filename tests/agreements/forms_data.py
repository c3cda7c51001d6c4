"""POST data of the agreement form as a browser sends it: the agreement, its formsets and their counts."""

from __future__ import annotations


def formset(prefix: str, rows: list[dict], initial: int = 0) -> dict:
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        for key, value in row.items():
            data[f"{prefix}-{index}-{key}"] = value
    return data


def agreement_post(
    *, parties: list[dict], clauses: list[dict] | None = None, scope: list[str] | None = None, **fields
) -> dict:
    data = {
        "kind": "pks",
        "title": "Pertukaran Data Jabatan Fungsional",
        "purpose": "Meningkatkan sinergi data.",
        "signed_on": "2024-02-29",
        "signing_place": "Jakarta",
        "effective_from": "",
        "term_months": "24",
        "notice_period_months": "1",
        "force_majeure_notice_days": "14",
        "reports_per_year": "2",
        "monev_per_year": "2",
        "period_anchor": "effective",
        "proposal_due_working_days": "10",
        "umbrella": "",
        "umbrella_reference": "",
        "standard_obligations": "on",
        **fields,
    }
    data |= formset(
        "parties",
        [
            {
                "appointment_basis": "keppres",
                "number": "",
                "signatory_name": "",
                "signatory_position": "",
                "appointment_number": "",
                "appointment_date": "",
                "address": "",
                "description": "",
                **p,
            }
            for p in parties
        ],
    )
    data |= formset("scope", [{"text": text} for text in (scope or ["pertukaran data ASN"])])
    data |= formset("clauses", clauses or [{"number": "1", "title": "TUJUAN", "text": "Tujuan kerja sama."}])
    return data
