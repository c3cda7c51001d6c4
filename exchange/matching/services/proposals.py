"""From differences to corrections: chosen results of a run become correction proposals, one per person,
each differing field an item, the run's extract as evidence, addressed to the party that keeps the record.
The proposals themselves are written by exchange.corrections' own services, never here.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from exchange.corrections.models import Proposal
from exchange.corrections.services import ItemInput, proposal_create, proposal_submit
from exchange.data.models import DataField
from exchange.matching import rules, selectors
from exchange.matching.choices import Outcome
from exchange.matching.models import MatchResult, MatchRun
from portal.lib import pdf
from portal.lib.text_id import format_date
from portal.models import User

MAX_PER_ACTION = 200


def proposed_value(code: str, raw: str | None) -> str:
    """The value our side holds, in the form the catalogue stores (ISO dates, III/a ranks)."""
    kind = rules.field_kind(code)
    if kind == "date":
        return rules.date_key(raw)
    if kind == "rank" and code.startswith("golRuang"):
        return rules.rank_key(raw)
    return " ".join((raw or "").split())


def _items(result: MatchResult, fields: dict[str, DataField]) -> list[ItemInput]:
    items = []
    for difference in result.differences:
        field = fields.get(difference["field"])
        if field is None or difference["field"] == rules.NIP:
            continue
        items.append(
            ItemInput(
                field=field,
                proposed_value=proposed_value(field.code, difference.get("left")),
                current_value=(difference.get("right") or "").strip(),
            )
        )
    return items


@translation.override("id")
def _evidence(run: MatchRun, result: MatchResult, fields: dict[str, DataField]) -> SimpleUploadedFile:
    """An extract of the run for one person: which run, which versions, which values differ."""
    blocks = [
        pdf.Block("heading", _("KUTIPAN HASIL PEMADANAN DATA")),
        pdf.Block("center", f"{run.reference} — {format_date(timezone.localdate(run.finished_at))}"),
        pdf.Block(
            "para",
            _("Data pertama: %(left)s versi %(ln)s. Data pembanding: %(right)s versi %(rn)s.")
            % {
                "left": run.left_version.dataset.name,
                "ln": run.left_version.number,
                "right": run.right_version.dataset.name,
                "rn": run.right_version.number,
            },
        ),
        pdf.Block("para", f"NIP {result.nip_other or result.nip} — {result.name}"),
    ]
    for difference in result.differences:
        label = fields[difference["field"]].label if difference["field"] in fields else difference["field"]
        blocks.append(
            pdf.Block(
                "para",
                _("%(field)s: data pertama “%(left)s”, data pembanding “%(right)s”.")
                % {
                    "field": label,
                    "left": difference.get("left") or "-",
                    "right": difference.get("right") or "-",
                },
            )
        )
    content = pdf.document_pdf(title=f"Kutipan {run.reference}", author="Portal PKS", blocks=blocks)
    return SimpleUploadedFile(f"pemadanan-{run.reference}-{result.pk}.pdf", content, "application/pdf")


@transaction.atomic
def results_propose(
    *,
    acting_user: User,
    run: MatchRun,
    results: Sequence[MatchResult],
    submit: bool = True,
    now: datetime | None = None,
) -> list[Proposal]:
    """Raise one correction proposal per chosen difference, all or none; each result keeps its proposal."""
    run = MatchRun.objects.select_related("agreement", "left_version__dataset", "right_version__dataset").get(
        pk=run.pk
    )
    if not run.is_done:
        raise ValidationError(_("Pemadanan belum selesai."))
    keeper = selectors.keeper_party(run)
    own = selectors.party_of(acting_user, run.agreement)
    if own is None:
        raise PermissionDenied(_("Instansi Anda bukan pihak pada perjanjian ini."))
    if keeper is None or keeper.pk == own.pk:
        raise ValidationError(
            _(
                "Data pembanding dipegang oleh instansi Anda sendiri; "
                "usulan perbaikan ditujukan kepada pihak lain."
            )
        )
    if not results:
        raise ValidationError(_("Pilih sekurang-kurangnya satu perbedaan."))
    if len(results) > MAX_PER_ACTION:
        raise ValidationError(_("Paling banyak %(n)s usulan sekaligus.") % {"n": MAX_PER_ACTION})
    locked = list(
        MatchResult.objects.select_for_update().filter(run=run, pk__in=[r.pk for r in results]).order_by("pk")
    )
    if len(locked) != len({r.pk for r in results}):
        raise ValidationError(_("Sebagian hasil yang dipilih bukan milik pemadanan ini."))
    fields = {f.code: f for f in DataField.objects.all()}
    created, errors = [], []
    for result in locked:
        label = result.nip_other or result.nip
        if result.outcome != Outcome.TIDAK_PADAN or result.proposal_id is not None:
            errors.append(
                _("%(ref)s: bukan perbedaan yang masih perlu diusulkan.") % {"ref": f"#{result.pk}"}
            )
            continue
        try:
            with transaction.atomic():
                proposal = proposal_create(
                    acting_user=acting_user,
                    receiving_party=keeper,
                    nip_value=label,
                    person_name=result.name or "-",
                    reason=_("Hasil pemadanan data %(ref)s: data pembanding berbeda dengan data %(own)s.")
                    % {"ref": run.reference, "own": own.institution.short_name or own.institution.name},
                    items=_items(result, fields),
                    files=[_evidence(run, result, fields)],
                    now=now,
                )
                if submit:
                    proposal = proposal_submit(acting_user=acting_user, proposal=proposal, now=now)
        except (ValidationError, PermissionDenied) as exc:
            reason = "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
            errors.append(f"#{result.pk}: {reason}")
            continue
        result.proposal = proposal
        result.save(update_fields=["proposal"])
        created.append(proposal)
    if errors:
        # Leaving the outer atomic block with an error undoes the proposals already made: all or none.
        raise ValidationError(errors)
    return created
