"""The berita acara hasil pemadanan data: issued with a number from the issuing party's letter sequence,
signed off in the portal by each party; the last signature files the PDF and meets the agreement's
berita acara obligation with it as evidence."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agreements.choices import DocumentKind, ObligationKind
from agreements.models import ObligationDue
from agreements.selectors import Right, may
from agreements.services import due_meet, letter_number_draw
from agreements.services._common import attribute
from agreements.services.documents import store_document
from exchange.matching import pdf, selectors
from exchange.matching.models import BeritaAcara, BeritaAcaraSignature, MatchRun
from portal.models import User

DEFAULT_FOLLOW_UP = (
    "Data yang tidak padan ditindaklanjuti dengan usulan perbaikan data kepada pihak pemegang data melalui "
    "Portal PKS; data yang hanya terdapat pada salah satu pihak, ganda, atau ber-NIP tidak valid "
    "diverifikasi oleh masing-masing pihak sebelum pemadanan berikutnya."
)


@transaction.atomic
def berita_acara_issue(
    *, acting_user: User, run: MatchRun, follow_up: str = "", place: str = "", now: datetime | None = None
) -> BeritaAcara:
    """Number and date the berita acara of a finished run, issued by the user's own party."""
    run = MatchRun.objects.select_for_update().select_related("agreement").get(pk=run.pk)
    party = selectors.party_of(acting_user, run.agreement)
    if party is None:
        raise PermissionDenied(_("Instansi Anda bukan pihak pada perjanjian ini."))
    if not run.is_done:
        raise ValidationError(_("Berita acara hanya dapat dibuat untuk pemadanan yang sudah selesai."))
    if BeritaAcara.objects.filter(run=run).exists():
        raise ValidationError(_("Berita acara pemadanan ini sudah dibuat."))
    now = now or timezone.now()
    day = timezone.localdate(now)
    _seq, number = letter_number_draw(party.institution, day)
    return BeritaAcara.objects.create(
        run=run,
        issuing_party=party,
        number=number,
        dated_on=day,
        place=(place or run.agreement.signing_place or "Jakarta").strip()[:120],
        follow_up=(follow_up or "").strip() or DEFAULT_FOLLOW_UP,
        created_by=acting_user,
        created_at=now,
    )


@transaction.atomic
def berita_acara_sign(
    *, acting_user: User, berita_acara: BeritaAcara, now: datetime | None = None
) -> BeritaAcara:
    """Sign off the berita acara for the user's own party; the last party's signature completes it."""
    berita_acara = BeritaAcara.objects.select_for_update().get(pk=berita_acara.pk)
    agreement = berita_acara.run.agreement
    party = selectors.party_of(acting_user, agreement)
    if party is None:
        raise PermissionDenied(_("Instansi Anda bukan pihak pada perjanjian ini."))
    if berita_acara.signatures.filter(party=party).exists():
        raise ValidationError(
            _("%(role)s sudah menandatangani berita acara ini.") % {"role": party.role_name}
        )
    now = now or timezone.now()
    BeritaAcaraSignature.objects.create(
        berita_acara=berita_acara,
        party=party,
        signed_by=acting_user,
        signer_name=(acting_user.get_full_name() or acting_user.username)[:200],
        signer_position=(acting_user.position or "")[:300],
        signed_at=now,
    )
    signed = set(berita_acara.signatures.values_list("party_id", flat=True))
    if signed >= {p.pk for p in agreement.parties.all()}:
        _complete(berita_acara, acting_user, now)
    return berita_acara


def _complete(berita_acara: BeritaAcara, acting_user: User, now: datetime) -> None:
    """File the signed PDF with the agreement and meet the berita acara obligation with it."""
    agreement = berita_acara.run.agreement
    content = pdf.berita_acara_pdf(berita_acara)
    document = store_document(
        agreement=agreement,
        acting_user=acting_user,
        file=SimpleUploadedFile(pdf.berita_acara_filename(berita_acara), content, "application/pdf"),
        kind=DocumentKind.MINUTES,
        title=_("Berita acara hasil pemadanan data %(number)s") % {"number": berita_acara.number},
    )
    berita_acara.completed_at = now
    berita_acara.document = document
    meeting = _meeting_user(berita_acara, agreement)
    due = _open_due(agreement, timezone.localdate(now), meeting) if meeting is not None else None
    if due is not None:
        berita_acara.due = due_meet(
            due=due,
            acting_user=meeting,
            met_on=timezone.localdate(now),
            note=_("Berita acara hasil pemadanan data %(number)s") % {"number": berita_acara.number},
            evidence=document,
        )
    berita_acara.save(update_fields=["completed_at", "document", "due"])


def _meeting_user(berita_acara: BeritaAcara, agreement) -> User | None:
    """Meeting a due changes the agreement's records: it is done in the name of a signer who holds the
    change right there, the obligated party's signer first. Without one the due stays open for such a user
    to meet by hand, with the filed PDF at hand."""
    obligated = set(
        agreement.obligations.filter(kind=ObligationKind.BERITA_ACARA).values_list("party_id", flat=True)
    )
    signatures = sorted(
        berita_acara.signatures.select_related("signed_by"), key=lambda s: s.party_id not in obligated
    )
    return next(
        (s.signed_by for s in signatures if may(s.signed_by, Right.KEEP_OWN, agreement)),
        None,
    )


def _open_due(agreement, day, acting_user: User) -> ObligationDue | None:
    """The earliest open due of the agreement's berita acara obligation; an as-needed obligation has no
    dues of its own, so the need that this berita acara answers becomes one, dated today."""
    open_dues = ObligationDue.objects.filter(
        obligation__agreement=agreement,
        obligation__kind=ObligationKind.BERITA_ACARA,
        met_on__isnull=True,
        waived_on__isnull=True,
    ).order_by("due_on", "pk")
    due = open_dues.first()
    if due is not None:
        return due
    obligation = agreement.obligations.filter(kind=ObligationKind.BERITA_ACARA).order_by("pk").first()
    if obligation is None:
        return None
    due = ObligationDue(obligation=obligation, due_on=day)
    attribute(due, acting_user).save()
    return due
