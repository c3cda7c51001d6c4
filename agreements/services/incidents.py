"""What happens while an agreement runs: force majeure (Pasal 10), disputes (Pasal 11), monev (Pasal 7)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from agreements import letters
from agreements.choices import DisputeStage, DocumentKind, EventKind, LetterKind, ObligationKind
from agreements.models import (
    Agreement,
    AgreementParty,
    Dispute,
    ForceMajeure,
    Letter,
    MonevSession,
    ObligationDue,
)
from agreements.selectors import Right
from agreements.services._common import (
    attribute,
    label_term,
    lock,
    notify_parties,
    record_event,
    require_own_party,
    require_right,
    require_signed,
    role_term,
)
from agreements.services.correspondence import letters_to_other_parties
from agreements.services.documents import store_document
from portal.lib.stored_text import day_of, keyed
from portal.lib.text_id import format_date
from portal.principals import Principal, institution_of, user_of


def _check_in_term(agreement: Agreement, day: date, field: str) -> None:
    require_signed(agreement)
    if day < agreement.starts_on:
        raise ValidationError({field: _("Tanggal tidak boleh sebelum perjanjian berlaku.")})
    last = agreement.last_day_in_force
    if last and day > last:
        raise ValidationError(
            {
                field: _("Tanggal tidak boleh setelah hari terakhir perjanjian berlaku (%(day)s).")
                % {"day": format_date(last)}
            }
        )


@transaction.atomic
def force_majeure_record(
    *,
    agreement: Agreement,
    acting_user: Principal,
    party: AgreementParty,
    occurred_on: date,
    description: str,
) -> ForceMajeure:
    """A party suffers force majeure: its notice is due within N calendar days (Pasal 10(2))."""
    agreement = lock(agreement)
    require_right(acting_user, agreement, Right.KEEP_OWN)
    require_own_party(
        agreement,
        party,
        acting_user,
        _(
            "Keadaan kahar dicatat oleh pihak yang mengalaminya; Anda hanya dapat mencatatnya "
            "untuk pihak Anda."
        ),
    )
    _check_in_term(agreement, occurred_on, "occurred_on")
    if not description.strip():
        raise ValidationError({"description": _("Uraian kejadian wajib diisi.")})
    if any(fm.is_open_on(occurred_on) for fm in agreement.force_majeures.filter(party=party)):
        raise ValidationError(
            _("Keadaan kahar %(party)s pada tanggal itu sudah tercatat dan belum berakhir.")
            % {"party": party.role_name}
        )
    event = ForceMajeure(
        agreement=agreement,
        party=party,
        occurred_on=occurred_on,
        description=description.strip(),
        created_by=user_of(acting_user),
    )
    attribute(event, acting_user).save()
    record_event(
        agreement,
        EventKind.FORCE_MAJEURE_RECORDED,
        acting_user,
        keyed(
            gettext_noop("Keadaan kahar %(party)s sejak %(day)s; pemberitahuan paling lambat %(due)s"),
            party=role_term(party),
            day=day_of(occurred_on),
            due=day_of(event.notice_due_on),
        ),
        force_majeure=event.pk,
        occurred_on=occurred_on,
        notice_due_on=event.notice_due_on,
    )
    notify_parties(
        agreement,
        actor=acting_user,
        key=f"agreement-{agreement.pk}-fm-{event.pk}",
        title=keyed(gettext_noop("Keadaan kahar dicatat: %(title)s"), title=agreement.title),
        body=event.description,
    )
    return event


def _check_notifier(event: ForceMajeure, acting_user: Principal, issue_notice_letter: bool) -> None:
    """Only the affected party notifies its own force majeure (Pasal 10(2)), with or without a letter."""
    if event.party.institution_id == institution_of(acting_user):
        return
    if issue_notice_letter:
        message = _("Surat pemberitahuan diterbitkan oleh pihak yang mengalami keadaan kahar (%(party)s).")
    else:
        message = _("Pemberitahuan keadaan kahar dicatat oleh pihak yang mengalaminya (%(party)s).")
    raise ValidationError(message % {"party": event.party.role_name})


@transaction.atomic
def force_majeure_notify(
    *,
    force_majeure: ForceMajeure,
    acting_user: Principal,
    notified_on: date,
    statement: UploadedFile | None = None,
    issue_notice_letter: bool = True,
    signed_by: str = "",
    signer_position: str = "",
    send_email: bool = True,
) -> ForceMajeure:
    """The affected party notifies in writing with the official statement; a late notice is recorded as late.

    With issue_notice_letter the portal numbers a notice letter of the affected party to every other party.
    """
    agreement = lock(force_majeure.agreement)
    require_right(acting_user, agreement, Right.KEEP_OWN)
    event = (
        ForceMajeure.objects.select_for_update().select_related("party__institution").get(pk=force_majeure.pk)
    )
    if event.notified_on:
        raise ValidationError(
            _("Pemberitahuan keadaan kahar ini sudah dicatat pada %(day)s.")
            % {"day": format_date(event.notified_on)}
        )
    if notified_on < event.occurred_on:
        raise ValidationError({"notified_on": _("Tanggal pemberitahuan tidak boleh sebelum kejadian.")})
    _check_notifier(event, acting_user, issue_notice_letter)
    if statement is not None:
        event.statement = store_document(
            agreement=agreement,
            acting_user=acting_user,
            file=statement,
            kind=DocumentKind.STATEMENT,
            title=_("Pernyataan pejabat berwenang: keadaan kahar %(day)s")
            % {"day": format_date(event.occurred_on)},
        )
    event.notified_on = notified_on
    attribute(event, acting_user).save()
    issued: list[Letter] = []
    if issue_notice_letter:
        event.agreement = agreement
        issued = letters_to_other_parties(
            agreement=agreement,
            acting_user=acting_user,
            kind=LetterKind.FORCE_MAJEURE_NOTICE,
            from_party=event.party,
            dated_on=notified_on,
            subject=letters.force_majeure_subject(),
            body=letters.force_majeure_body(event),
            signed_by=signed_by,
            signer_position=signer_position,
            send_email=send_email,
        )
    late = notified_on > event.notice_due_on
    if late:
        summary = keyed(
            gettext_noop("Keadaan kahar %(party)s diberitahukan %(day)s — melewati batas %(due)s"),
            party=role_term(event.party),
            day=day_of(notified_on),
            due=day_of(event.notice_due_on),
        )
    else:
        summary = keyed(
            gettext_noop("Keadaan kahar %(party)s diberitahukan %(day)s"),
            party=role_term(event.party),
            day=day_of(notified_on),
        )
    record_event(
        agreement,
        EventKind.FORCE_MAJEURE_NOTIFIED,
        acting_user,
        summary,
        force_majeure=event.pk,
        late=late,
        statement=event.statement_id,
        letters=[letter.pk for letter in issued],
    )
    return event


@transaction.atomic
def force_majeure_end(*, force_majeure: ForceMajeure, acting_user: Principal, ended_on: date) -> ForceMajeure:
    """Force majeure is over: the party's duties resume (Pasal 10(3)); dues inside it stay suspended."""
    agreement = lock(force_majeure.agreement)
    require_right(acting_user, agreement, Right.KEEP_OWN)
    event = ForceMajeure.objects.select_for_update().select_related("party").get(pk=force_majeure.pk)
    if event.party.institution_id != institution_of(acting_user):
        raise ValidationError(
            _("Berakhirnya keadaan kahar dinyatakan oleh pihak yang mengalaminya (%(party)s).")
            % {"party": event.party.role_name}
        )
    if event.ended_on:
        raise ValidationError(
            _("Keadaan kahar ini sudah berakhir pada %(day)s.") % {"day": format_date(event.ended_on)}
        )
    if ended_on < event.occurred_on:
        raise ValidationError({"ended_on": _("Tanggal berakhir tidak boleh sebelum tanggal terjadi.")})
    event.ended_on = ended_on
    attribute(event, acting_user).save()
    record_event(
        agreement,
        EventKind.FORCE_MAJEURE_ENDED,
        acting_user,
        keyed(
            gettext_noop("Keadaan kahar %(party)s berakhir %(day)s"),
            party=role_term(event.party),
            day=day_of(ended_on),
        ),
        force_majeure=event.pk,
        ended_on=ended_on,
    )
    notify_parties(
        agreement,
        actor=acting_user,
        key=f"agreement-{agreement.pk}-fm-{event.pk}-ended",
        title=keyed(gettext_noop("Keadaan kahar berakhir: %(title)s"), title=agreement.title),
    )
    return event


@transaction.atomic
def dispute_record(
    *,
    agreement: Agreement,
    acting_user: Principal,
    raised_by: AgreementParty,
    subject: str,
    opened_on: date,
    description: str = "",
) -> Dispute:
    """A dispute starts with deliberation for consensus (musyawarah, Pasal 11(1))."""
    agreement = lock(agreement)
    require_right(acting_user, agreement)
    require_own_party(
        agreement, raised_by, acting_user, _("Perselisihan dicatat atas nama instansi Anda sendiri.")
    )
    require_signed(agreement)
    if not subject.strip():
        raise ValidationError({"subject": _("Pokok perselisihan wajib diisi.")})
    if opened_on < agreement.signed_on:
        raise ValidationError({"opened_on": _("Tanggal tidak boleh sebelum perjanjian ditandatangani.")})
    dispute = Dispute(
        agreement=agreement,
        raised_by=raised_by,
        subject=subject.strip(),
        description=description.strip(),
        opened_on=opened_on,
        stage=DisputeStage.MUSYAWARAH,
    )
    attribute(dispute, acting_user).save()
    record_event(
        agreement,
        EventKind.DISPUTE_RECORDED,
        acting_user,
        keyed(gettext_noop("Perselisihan dicatat: %(subject)s (musyawarah)"), subject=dispute.subject),
        dispute=dispute.pk,
    )
    return dispute


# Deliberation first, then legal channels (Pasal 11(2)); either can end in a resolution.
DISPUTE_NEXT = {
    DisputeStage.MUSYAWARAH: {DisputeStage.LEGAL, DisputeStage.RESOLVED},
    DisputeStage.LEGAL: {DisputeStage.RESOLVED},
    DisputeStage.RESOLVED: set(),
}


@transaction.atomic
def dispute_advance(
    *,
    dispute: Dispute,
    acting_user: Principal,
    stage: str,
    on: date,
    resolution: str = "",
) -> Dispute:
    agreement = lock(dispute.agreement)
    require_right(acting_user, agreement)
    dispute = Dispute.objects.select_for_update().get(pk=dispute.pk)
    if stage not in DISPUTE_NEXT[DisputeStage(dispute.stage)]:
        raise ValidationError(
            {
                "stage": _("Perselisihan pada tahap %(now)s tidak dapat berpindah ke %(next)s.")
                % {"now": dispute.get_stage_display(), "next": DisputeStage(stage).label}
            }
        )
    if on < dispute.opened_on:
        raise ValidationError({"on": _("Tanggal tidak boleh sebelum perselisihan dicatat.")})
    if stage == DisputeStage.RESOLVED:
        if not resolution.strip():
            raise ValidationError({"resolution": _("Hasil penyelesaian wajib diisi.")})
        dispute.resolved_on, dispute.resolution = on, resolution.strip()
    dispute.stage = stage
    attribute(dispute, acting_user).save()
    record_event(
        agreement,
        EventKind.DISPUTE_STAGE,
        acting_user,
        keyed(
            gettext_noop("Perselisihan %(subject)s: %(stage)s sejak %(day)s"),
            subject=dispute.subject,
            stage=label_term(dispute, "stage"),
            day=day_of(on),
        ),
        dispute=dispute.pk,
        stage=stage,
    )
    return dispute


@transaction.atomic
def monev_hold(
    *,
    agreement: Agreement,
    acting_user: Principal,
    held_on: date,
    minutes: str,
    place: str = "",
    participants: str = "",
    file: UploadedFile | None = None,
    due: ObligationDue | None = None,
) -> MonevSession:
    """A monitoring and evaluation session with its minutes (Pasal 7); it meets the monev due of its period.

    Without a due named, the open monev due whose period holds the session's day is met.
    """
    agreement = lock(agreement)
    require_right(acting_user, agreement)
    _check_in_term(agreement, held_on, "held_on")
    if not minutes.strip():
        raise ValidationError({"minutes": _("Notula/hasil monev wajib diisi.")})
    monev_dues = ObligationDue.objects.filter(
        obligation__agreement=agreement,
        obligation__kind=ObligationKind.MONEV,
        met_on__isnull=True,
        waived_on__isnull=True,
    )
    if due is not None:
        if not monev_dues.filter(pk=due.pk).exists():
            raise ValidationError(
                {"due": _("Jatuh tempo monev yang dipilih tidak terbuka pada perjanjian ini.")}
            )
    else:
        due = monev_dues.filter(period_start__lte=held_on, period_end__gte=held_on).order_by("due_on").first()
    document = None
    if file is not None:
        document = store_document(
            agreement=agreement,
            acting_user=acting_user,
            file=file,
            kind=DocumentKind.MINUTES,
            title=_("Notula monev %(day)s") % {"day": format_date(held_on)},
        )
    session = MonevSession.objects.create(
        agreement=agreement,
        held_on=held_on,
        place=place.strip(),
        participants=participants.strip(),
        minutes=minutes.strip(),
        document=document,
        due=due,
        created_by=user_of(acting_user),
    )
    if due is not None:
        due = ObligationDue.objects.select_for_update().get(pk=due.pk)
        due.met_on, due.evidence = held_on, document
        due.note = _("Monev %(day)s") % {"day": format_date(held_on)}
        attribute(due, acting_user).save()
    record_event(
        agreement,
        EventKind.MONEV_HELD,
        acting_user,
        keyed(
            gettext_noop("Monev dilaksanakan %(day)s di %(place)s"), day=day_of(held_on), place=session.place
        )
        if session.place
        else keyed(gettext_noop("Monev dilaksanakan %(day)s"), day=day_of(held_on)),
        monev=session.pk,
        due=due.pk if due else None,
    )
    return session
