"""Obligations (Pasal 3, 4, 7) and their dues: generated from the agreement's periods, met or waived."""

from __future__ import annotations

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from agreements.choices import AgreementKind, DocumentKind, EventKind, ObligationKind, Recurrence
from agreements.models import Agreement, AgreementParty, Obligation, ObligationDue
from agreements.selectors import Right
from agreements.services._common import attribute, lock, party_of, record_event, require_right, role_term
from agreements.services.documents import store_document
from portal.lib import stored_text
from portal.lib.stored_text import day_of, keyed
from portal.lib.text_id import format_date
from portal.principals import Principal, institution_of

# Periodic obligations of these kinds follow the agreement's own cadence fields.
CADENCE_FIELD = {ObligationKind.REPORT: "reports_per_year", ObligationKind.MONEV: "monev_per_year"}


def dues_sync(obligation: Obligation, agreement: Agreement, acting_user: Principal | None = None) -> None:
    """Make the dues of a periodic obligation match the agreement's periods as they are now.

    Called whenever the clocks move (signing, extension, early termination, edits). Periods are counted
    from the start, so earlier dues keep their dates; the last one follows the end. Dues that no longer
    fall inside the term are dropped unless they were met or waived: what happened stays recorded. Dues
    that fell before an early end stay open (Pasal 6(3)).
    """
    if obligation.recurrence != Recurrence.PERIODIC:
        return
    # An umbrella MoU has no report or monev cadence: such an obligation gets no dues (open ones go).
    has_cadence = not (agreement.kind == AgreementKind.MOU and obligation.kind in CADENCE_FIELD)
    periods = agreement.periods(obligation.per_year) if obligation.per_year and has_cadence else []
    existing = {due.period_number: due for due in obligation.dues.filter(period_number__isnull=False)}
    entered_on = timezone.localdate()
    for period in periods:
        due_on = period_due(obligation, agreement, period.end)
        due = existing.pop(period.number, None)
        if due is None:
            attribute(
                ObligationDue(
                    obligation=obligation,
                    period_number=period.number,
                    period_start=period.start,
                    period_end=period.end,
                    due_on=due_on,
                    recorded_late=due_on < entered_on,
                ),
                acting_user,
            ).save()
        elif (due.period_start, due.period_end, due.due_on) != (
            period.start,
            period.end,
            due_on,
        ) and not (due.met_on or due.waived_on):
            due.period_start, due.period_end, due.due_on = period.start, period.end, due_on
            attribute(due, acting_user).save()
    for due in existing.values():
        if not (due.met_on or due.waived_on):
            attribute(due, acting_user).delete()


def period_due(obligation: Obligation, agreement: Agreement, period_end: date) -> date:
    """A report is due the agreement's grace days after its period ends (time to write it); other
    periodic duties (monev) on the period's last day."""
    if obligation.kind == ObligationKind.REPORT:
        return period_end + timedelta(days=agreement.report_grace_days)
    return period_end


def agreement_dues_sync(agreement: Agreement, acting_user: Principal | None = None) -> None:
    for obligation in agreement.obligations.all():
        cadence = CADENCE_FIELD.get(obligation.kind)
        if obligation.recurrence == Recurrence.PERIODIC and cadence:
            wanted = getattr(agreement, cadence)
            if obligation.per_year != wanted:
                obligation.per_year = wanted
                attribute(obligation, acting_user).save(update_fields=["per_year"])
        dues_sync(obligation, agreement, acting_user)


def standard_obligations_create(agreement: Agreement, acting_user: Principal) -> list[Obligation]:
    """The recurring duties most PKS carry: periodic reports by the first party, and monev by PARA PIHAK
    as one joint due that every party sees and either may meet. An umbrella MoU carries neither."""
    first = agreement.parties.order_by("order").first()
    if first is None or agreement.kind == AgreementKind.MOU:
        return []
    specs = (
        (
            ObligationKind.REPORT,
            _("Laporan hasil pemanfaatan serta pertukaran data dan/atau informasi"),
            agreement.reports_per_year,
        ),
        (ObligationKind.MONEV, _("Pemantauan dan evaluasi bersama PARA PIHAK"), agreement.monev_per_year),
    )
    created = []
    for kind, title, per_year in specs:
        obligation = Obligation(
            agreement=agreement,
            party=first,
            kind=kind,
            title=title,
            recurrence=Recurrence.PERIODIC,
            per_year=per_year,
            joint=kind == ObligationKind.MONEV,
        )
        attribute(obligation, acting_user).save()
        dues_sync(obligation, agreement, acting_user)
        created.append(obligation)
    return created


@transaction.atomic
def obligation_add(
    *,
    agreement: Agreement,
    acting_user: Principal,
    party: AgreementParty,
    kind: str,
    title: str,
    clause_ref: str = "",
    description: str = "",
    recurrence: str = Recurrence.PERIODIC,
    per_year: int = 2,
    survives_end: bool = False,
    due_on: date | None = None,
    joint: bool = False,
) -> Obligation:
    """Add a duty of one party, or of PARA PIHAK jointly (`joint`: one due every party sees and either
    may meet); periodic ones get their dues at once, a one-off one its single due."""
    agreement = lock(agreement)
    require_right(acting_user, agreement)
    party_of(agreement, party)
    if recurrence == Recurrence.PERIODIC and not (1 <= per_year <= 12):
        raise ValidationError({"per_year": _("Kewajiban berkala harus 1 sampai 12 kali per tahun.")})
    if recurrence == Recurrence.ONCE and not due_on:
        raise ValidationError({"due_on": _("Kewajiban sekali wajib memiliki tanggal jatuh tempo.")})
    mou = agreement.kind == AgreementKind.MOU
    if recurrence == Recurrence.PERIODIC and kind in CADENCE_FIELD and mou:
        raise ValidationError(
            {"kind": _("Nota Kesepahaman tidak memiliki laporan atau monev berkala; catat pada PKS-nya.")}
        )
    obligation = Obligation(
        agreement=agreement,
        party=party,
        kind=kind,
        title=title,
        clause_ref=clause_ref,
        description=description,
        recurrence=recurrence,
        per_year=per_year if recurrence == Recurrence.PERIODIC else 0,
        survives_end=survives_end,
        joint=joint,
    )
    obligation.full_clean()
    attribute(obligation, acting_user).save()
    if recurrence == Recurrence.ONCE:
        due = ObligationDue(obligation=obligation, due_on=due_on, recorded_late=due_on < timezone.localdate())
        attribute(due, acting_user).save()
    dues_sync(obligation, agreement, acting_user)
    record_event(
        agreement,
        EventKind.UPDATED,
        acting_user,
        keyed(
            gettext_noop("Kewajiban ditambahkan: %(title)s (%(party)s)"),
            title=title,
            party=stored_text.term("PARA PIHAK") if joint else role_term(party),
        ),
        obligation=obligation.pk,
    )
    return obligation


def _open_due(due: ObligationDue, acting_user: Principal, right: Right) -> tuple[ObligationDue, Agreement]:
    agreement = lock(due.obligation.agreement)
    require_right(acting_user, agreement, right)
    due = ObligationDue.objects.select_for_update().select_related("obligation__party").get(pk=due.pk)
    if due.met_on:
        raise ValidationError(
            _("Kewajiban ini sudah dipenuhi pada %(day)s.") % {"day": format_date(due.met_on)}
        )
    if due.waived_on:
        raise ValidationError(_("Kewajiban ini sudah dikesampingkan."))
    return due, agreement


@transaction.atomic
def due_meet(
    *,
    due: ObligationDue,
    acting_user: Principal,
    met_on: date,
    note: str = "",
    file: UploadedFile | None = None,
    evidence=None,
) -> ObligationDue:
    """Mark one due as met, with its evidence (an uploaded file or an existing document)."""
    due, agreement = _open_due(due, acting_user, Right.KEEP_OWN)
    if not due.obligation.joint and due.obligation.party.institution_id != institution_of(acting_user):
        raise ValidationError(
            _("Kewajiban ini milik %(party)s; pemenuhannya dicatat oleh pihak tersebut.")
            % {"party": due.obligation.party.role_name}
        )
    if agreement.starts_on and met_on < agreement.starts_on:
        raise ValidationError({"met_on": _("Tanggal pemenuhan tidak boleh sebelum perjanjian berlaku.")})
    if file is not None:
        evidence = store_document(
            agreement=agreement,
            acting_user=acting_user,
            file=file,
            kind=DocumentKind.EVIDENCE,
            title=_("Bukti: %(title)s, jatuh tempo %(day)s")
            % {"title": due.obligation.title, "day": format_date(due.due_on)},
        )
    if evidence is not None and evidence.agreement_id != agreement.pk:
        raise ValidationError(_("Dokumen bukti bukan milik perjanjian ini."))
    due.met_on, due.note, due.evidence = met_on, note, evidence
    attribute(due, acting_user).save()
    record_event(
        agreement,
        EventKind.DUE_MET,
        acting_user,
        keyed(
            gettext_noop("%(title)s (jatuh tempo %(due)s) dipenuhi pada %(day)s"),
            title=due.obligation.title,
            due=day_of(due.due_on),
            day=day_of(met_on),
        ),
        due=due.pk,
        met_on=met_on,
    )
    return due


@transaction.atomic
def due_waive(*, due: ObligationDue, acting_user: Principal, waived_on: date, reason: str) -> ObligationDue:
    """Set a due aside by agreement of the parties; the reason is required."""
    due, agreement = _open_due(due, acting_user, Right.EDIT_SHARED)
    if not reason.strip():
        raise ValidationError({"reason": _("Alasan wajib diisi.")})
    due.waived_on, due.waived_reason = waived_on, reason.strip()
    attribute(due, acting_user).save()
    record_event(
        agreement,
        EventKind.DUE_WAIVED,
        acting_user,
        keyed(
            gettext_noop("%(title)s (jatuh tempo %(due)s) dikesampingkan"),
            title=due.obligation.title,
            due=day_of(due.due_on),
        ),
        due=due.pk,
        reason=due.waived_reason,
    )
    return due
