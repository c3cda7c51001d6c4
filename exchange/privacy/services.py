"""Pasal 9 transitions: the acknowledgement of the confidentiality duties and the record of a disclosure."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from agreements.choices import DocumentKind, EventKind
from agreements.models import Agreement
from agreements.selectors import Right, may
from agreements.services import letter_number_draw
from agreements.services._common import own_party, record_event
from agreements.services.documents import store_document
from exchange.data import nip as nip_rules
from exchange.privacy import gate, subject, texts
from exchange.privacy.choices import DisclosureBasis
from exchange.privacy.models import (
    Acknowledgement,
    Disclosure,
    Incident,
    Retention,
    SubjectAccessRequest,
    TermEnd,
)
from portal.lib.stored_text import keyed
from portal.models import User


@transaction.atomic
def acknowledgement_record(
    *, acting_user: User, agreement: Agreement, now: datetime | None = None
) -> Acknowledgement:
    """The user acknowledges the current text on this agreement, once; acknowledging again changes nothing."""
    if not may(acting_user, Right.VIEW, agreement):
        raise PermissionDenied(_("Instansi Anda bukan pihak pada perjanjian ini."))
    acknowledgement, created = Acknowledgement.objects.get_or_create(
        user=acting_user,
        agreement=agreement,
        text_version=texts.VERSION,
        defaults={"acknowledged_at": now or timezone.now()},
    )
    if created:
        record_event(
            agreement,
            EventKind.UPDATED,
            acting_user,
            keyed(
                gettext_noop(
                    "%(name)s menyatakan memahami kewajiban kerahasiaan Pasal 9 (naskah %(version)s)"
                ),
                name=acting_user.get_full_name() or acting_user.username,
                version=texts.VERSION,
            ),
            acknowledgement=acknowledgement.pk,
        )
    gate.forget(acting_user, agreement.pk)
    return acknowledgement


def disclosure_errors(
    *,
    basis: str,
    basis_reference: str,
    what: str,
    recipient: str,
    approved_by: str,
    disclosed_on,
    file,
    today,
) -> dict[str, str]:
    """Why a disclosure cannot be recorded (empty when it can)."""
    errors = {}
    if basis not in DisclosureBasis.values:
        errors["basis"] = _("Pilih dasar pengungkapan.")
    for key, value in (
        ("basis_reference", basis_reference),
        ("what", what),
        ("recipient", recipient),
        ("approved_by", approved_by),
    ):
        if not (value or "").strip():
            errors[key] = _("Bidang ini wajib diisi.")
    if disclosed_on is None:
        errors["disclosed_on"] = _("Isi tanggal pengungkapan.")
    elif disclosed_on > today:
        errors["disclosed_on"] = _("Tanggal pengungkapan tidak boleh di masa depan.")
    if basis == DisclosureBasis.CONSENT and file is None:
        errors["file"] = _(
            "Pengungkapan atas persetujuan tertulis memerlukan dokumen persetujuan PARA PIHAK."
        )
    return errors


@transaction.atomic
def disclosure_record(
    *,
    acting_user: User,
    agreement: Agreement,
    basis: str,
    basis_reference: str,
    what: str,
    recipient: str,
    approved_by: str,
    disclosed_on: date,
    file: UploadedFile | None = None,
) -> Disclosure:
    """Record a disclosure of the user's own party; only who may see the personal data records one."""
    if not may(acting_user, Right.VIEW_PERSONAL_DATA, agreement):
        raise PermissionDenied(
            _("Pencatatan pengungkapan memerlukan hak akses data pribadi dan pernyataan kerahasiaan.")
        )
    party = own_party(agreement, acting_user)
    errors = disclosure_errors(
        basis=basis,
        basis_reference=basis_reference,
        what=what,
        recipient=recipient,
        approved_by=approved_by,
        disclosed_on=disclosed_on,
        file=file,
        today=timezone.localdate(),
    )
    if errors:
        raise ValidationError(errors)
    document = None
    if file is not None:
        document = store_document(
            agreement=agreement,
            acting_user=acting_user,
            file=file,
            kind=DocumentKind.STATEMENT,
            title=_("Dasar pengungkapan data: %(ref)s") % {"ref": basis_reference.strip()[:200]},
        )
    disclosure = Disclosure.objects.create(
        agreement=agreement,
        party=party,
        basis=basis,
        basis_reference=basis_reference.strip()[:200],
        document=document,
        what=what.strip(),
        recipient=recipient.strip()[:300],
        disclosed_on=disclosed_on,
        approved_by=approved_by.strip()[:300],
        recorded_by=acting_user,
    )
    record_event(
        agreement,
        EventKind.UPDATED,
        acting_user,
        _("Pengungkapan data kepada %(recipient)s dicatat (%(basis)s)")
        % {"recipient": disclosure.recipient, "basis": disclosure.get_basis_display()},
        disclosure=disclosure.pk,
    )
    return disclosure


@transaction.atomic
def subject_access_request_record(
    *, acting_user: User, agreement: Agreement, nip: str, requester: str, received_at: datetime
) -> SubjectAccessRequest:
    """Record a subject's request; the 3 x 24 hour clock runs from its receipt, the recorder handles it."""
    if not may(acting_user, Right.VIEW_PERSONAL_DATA, agreement):
        raise PermissionDenied(
            _("Permintaan akses subjek data ditangani oleh pemegang hak akses data pribadi.")
        )
    digits = nip_rules.normalize(nip)
    errors = {}
    try:
        nip_rules.validate_nip(digits)
    except ValidationError:
        errors["nip"] = _("NIP harus 18 angka dengan struktur NIP yang sah.")
    if not (requester or "").strip():
        errors["requester"] = _("Bidang ini wajib diisi.")
    if received_at > timezone.now():
        errors["received_at"] = _("Waktu penerimaan tidak boleh di masa depan.")
    if errors:
        raise ValidationError(errors)
    return SubjectAccessRequest.objects.create(
        agreement=agreement,
        party=own_party(agreement, acting_user),
        nip=digits,
        requester=requester.strip()[:200],
        received_at=received_at,
        due_at=received_at + subject.ANSWER_WITHIN,
        handler=acting_user,
    )


@transaction.atomic
def subject_access_answer(
    *, acting_user: User, request: SubjectAccessRequest, now: datetime | None = None
) -> SubjectAccessRequest:
    """Produce the numbered subject access report from the logs, file it, and close the request's clock."""
    request = SubjectAccessRequest.objects.select_for_update().get(pk=request.pk)
    agreement = request.agreement
    if (
        not may(acting_user, Right.VIEW_PERSONAL_DATA, agreement)
        or own_party(agreement, acting_user) != request.party
    ):
        raise PermissionDenied(
            _("Permintaan akses subjek data ditangani oleh pemegang hak akses data pribadi.")
        )
    if request.is_answered:
        raise ValidationError(
            _("Permintaan ini sudah dijawab dengan laporan %(number)s.") % {"number": request.number}
        )
    now = now or timezone.now()
    _seq, request.number = letter_number_draw(request.party.institution, timezone.localdate(now))
    request.handler = acting_user
    content = subject.subject_access_pdf(request, subject.reads_of(agreement, request.nip), answered_at=now)
    request.document = store_document(
        agreement=agreement,
        acting_user=acting_user,
        file=SimpleUploadedFile(f"laporan-akses-subjek-{request.pk}.pdf", content, "application/pdf"),
        kind=DocumentKind.LETTER,
        title=_("Laporan akses data pribadi subjek data %(number)s") % {"number": request.number},
    )
    request.answered_at = now
    request.save(update_fields=["number", "handler", "document", "answered_at"])
    return request


@transaction.atomic
def retention_set(*, acting_user: User, agreement: Agreement, days: int) -> Retention:
    """How long the received data sets are kept after the agreement ends, as the parties agreed it."""
    if not may(acting_user, Right.CHANGE, agreement):
        raise PermissionDenied(_("Anda tidak memiliki hak mengelola perjanjian ini."))
    if not 0 <= days <= 3650:
        raise ValidationError({"days": _("Masa retensi antara 0 dan 3650 hari.")})
    if TermEnd.objects.filter(agreement=agreement, purged_at__isnull=False).exists():
        raise ValidationError(_("Data perjanjian ini sudah dihapus; masa retensi tidak dapat diubah."))
    retention, _created = Retention.objects.update_or_create(
        agreement=agreement, defaults={"days": days, "set_by": acting_user, "set_at": timezone.now()}
    )
    TermEnd.objects.filter(agreement=agreement, purged_at__isnull=True).update(
        retention_days=days, purge_on=F("last_day") + timedelta(days=days + 1)
    )
    record_event(
        agreement,
        EventKind.UPDATED,
        acting_user,
        _("Masa retensi data setelah perjanjian berakhir: %(days)s hari") % {"days": days},
        retention=retention.pk,
    )
    return retention


NOTIFY_WITHIN = timedelta(hours=72)


@transaction.atomic
def incident_record(
    *,
    acting_user: User,
    agreement: Agreement,
    discovered_at: datetime,
    description: str,
    data_affected: str,
    subjects_count: int,
) -> Incident:
    """Record a suspected leak; the 3 x 24 hour clock of the notices runs from its discovery."""
    if not may(acting_user, Right.VIEW, agreement):
        raise PermissionDenied(_("Instansi Anda bukan pihak pada perjanjian ini."))
    errors = {}
    for key, value in (("description", description), ("data_affected", data_affected)):
        if not (value or "").strip():
            errors[key] = _("Bidang ini wajib diisi.")
    if discovered_at > timezone.now():
        errors["discovered_at"] = _("Waktu diketahui tidak boleh di masa depan.")
    if errors:
        raise ValidationError(errors)
    incident = Incident.objects.create(
        agreement=agreement,
        party=own_party(agreement, acting_user),
        discovered_at=discovered_at,
        notify_by=discovered_at + NOTIFY_WITHIN,
        description=description.strip(),
        data_affected=data_affected.strip(),
        subjects_count=subjects_count,
        recorded_by=acting_user,
    )
    record_event(
        agreement,
        EventKind.UPDATED,
        acting_user,
        _("Insiden data pribadi #%(pk)s dicatat; pemberitahuan paling lambat %(when)s")
        % {"pk": incident.pk, "when": timezone.localtime(incident.notify_by).strftime("%d-%m-%Y %H:%M")},
        incident=incident.pk,
    )
    return incident


@transaction.atomic
def incident_update(
    *, acting_user: User, incident: Incident, step: str, response: str = "", now: datetime | None = None
) -> Incident:
    """One step: the other party notified, the subjects notified, or closed with its response."""
    incident = Incident.objects.select_for_update().get(pk=incident.pk)
    if own_party(incident.agreement, acting_user) != incident.party:
        raise PermissionDenied(_("Langkah insiden dicatat oleh pihak yang melaporkannya."))
    now = now or timezone.now()
    if incident.closed_at is not None:
        raise ValidationError(_("Insiden ini sudah ditutup."))
    if step == "party":
        incident.party_notified_at = incident.party_notified_at or now
    elif step == "subjects":
        incident.subjects_notified_at = incident.subjects_notified_at or now
    elif step == "close":
        if not (response or "").strip():
            raise ValidationError({"response": _("Uraikan penanganan insiden sebelum menutupnya.")})
        if not incident.is_notified:
            raise ValidationError(_("Beri tahu pihak lain dan subjek data sebelum insiden ditutup."))
        incident.response, incident.closed_at = response.strip(), now
    else:
        raise ValidationError(_("Langkah tidak dikenal."))
    incident.save()
    record_event(
        incident.agreement,
        EventKind.UPDATED,
        acting_user,
        _("Insiden data pribadi #%(pk)s: %(step)s") % {"pk": incident.pk, "step": INCIDENT_STEPS[step]},
        incident=incident.pk,
    )
    return incident


INCIDENT_STEPS = {
    "party": gettext_lazy("pihak lain diberi tahu"),
    "subjects": gettext_lazy("subjek data diberi tahu"),
    "close": gettext_lazy("ditutup"),
}
