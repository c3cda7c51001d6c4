"""Correspondence (Pasal 8): the dated contact register, numbered outgoing letters and incoming ones."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from agreements import letters
from agreements.choices import DocumentKind, EventKind, LetterDirection, LetterKind
from agreements.models import Agreement, AgreementParty, Contact, Letter, LetterSequence
from agreements.selectors import Right
from agreements.services._common import (
    attribute,
    lock,
    notify_parties,
    own_party,
    party_of,
    record_event,
    require_own_party,
    require_right,
    role_term,
)
from agreements.services.documents import store_document
from portal.lib.stored_text import day_of, day_text, keyed
from portal.lib.text_id import format_date
from portal.models import Institution, User
from portal.principals import Principal, user_of


@transaction.atomic
def contact_add(
    *,
    agreement: Agreement,
    acting_user: Principal,
    party: AgreementParty,
    unit: str,
    valid_from: date,
    person_name: str = "",
    address: str = "",
    phone: str = "",
    email: str = "",
    replaces: Contact | None = None,
) -> Contact:
    """Designate a correspondence contact of a party; the contact it replaces ends the day before."""
    agreement = lock(agreement)
    require_right(acting_user, agreement, Right.KEEP_OWN)
    require_own_party(
        agreement, party, acting_user, _("Anda hanya dapat mencatat kontak pihak Anda sendiri.")
    )
    contact = Contact(
        agreement=agreement,
        party=party,
        unit=unit.strip(),
        person_name=person_name.strip(),
        address=address.strip(),
        phone=phone.strip(),
        email=email.strip(),
        valid_from=valid_from,
    )
    contact.full_clean()
    if replaces is not None:
        replaces = Contact.objects.select_for_update().get(pk=replaces.pk)
        if replaces.party_id != party.pk:
            raise ValidationError({"replaces": _("Kontak yang digantikan harus milik pihak yang sama.")})
        if replaces.valid_from >= valid_from:
            raise ValidationError(
                {
                    "valid_from": _(
                        "Kontak pengganti harus berlaku setelah kontak yang digantikan mulai berlaku."
                    )
                }
            )
        if replaces.valid_to is None or replaces.valid_to >= valid_from:
            replaces.valid_to = valid_from - timedelta(days=1)
            attribute(replaces, acting_user).save()
    attribute(contact, acting_user).save()
    record_event(
        agreement,
        EventKind.CONTACT_CHANGED,
        acting_user,
        keyed(
            gettext_noop("Kontak korespondensi %(party)s: %(unit)s, berlaku sejak %(day)s"),
            party=role_term(party),
            unit=contact.unit,
            day=day_of(valid_from),
        ),
        contact=contact.pk,
        replaces=replaces.pk if replaces else None,
    )
    return contact


@transaction.atomic
def contact_end(*, contact: Contact, acting_user: Principal, valid_to: date) -> Contact:
    """A contact stops being designated after valid_to (kept in the register for the record)."""
    agreement = lock(contact.agreement)
    require_right(acting_user, agreement, Right.KEEP_OWN)
    require_own_party(
        agreement, contact.party, acting_user, _("Anda hanya dapat mengakhiri kontak pihak Anda sendiri.")
    )
    contact = Contact.objects.select_for_update().select_related("party").get(pk=contact.pk)
    if valid_to < contact.valid_from:
        raise ValidationError({"valid_to": _("Tanggal akhir tidak boleh sebelum tanggal mulai berlaku.")})
    if contact.valid_to and contact.valid_to < valid_to:
        raise ValidationError(
            _("Kontak ini sudah berakhir pada %(day)s.") % {"day": format_date(contact.valid_to)}
        )
    contact.valid_to = valid_to
    attribute(contact, acting_user).save()
    record_event(
        agreement,
        EventKind.CONTACT_CHANGED,
        acting_user,
        keyed(
            gettext_noop("Kontak korespondensi %(party)s %(unit)s berakhir %(day)s"),
            party=role_term(contact.party),
            unit=contact.unit,
            day=day_of(valid_to),
        ),
        contact=contact.pk,
    )
    return contact


def letter_number_draw(institution: Institution, day: date) -> tuple[int, str]:
    """The next number of the institution's letters in that year, inside the caller's transaction.

    The sequence row is locked (select_for_update) until the transaction ends, so two letters drawn at
    the same time get consecutive numbers; the first letter of a year creates the row, and a second
    creator waits on the unique constraint and then locks the row the first one made.
    """
    sequence, _created = LetterSequence.objects.select_for_update().get_or_create(
        institution=institution, year=day.year
    )
    seq = sequence.last_seq + 1
    number = letters.format_letter_number(institution.letter_number_format, seq=seq, day=day)
    sequence.last_seq = seq
    sequence.save(update_fields=["last_seq"])
    return seq, number


def _mail_letter(letter: Letter) -> None:
    """E-mail the letter's PDF to the addressee's designated contact, once per letter, in the letter's own
    transaction: the number, the PDF and the mail are committed together or not at all, so a PDF that
    cannot be made leaves no number drawn, and trying again draws the same one."""
    from agreements import pdf
    from portal.services import Attachment, mail_enqueue

    row = (
        Letter.objects.select_related(
            "agreement", "issuer", "from_party__institution", "to_party__institution"
        )
        .prefetch_related("to_party__contacts", "agreement__parties__institution")
        .get(pk=letter.pk)
    )
    contact = letters.current_contact(row.to_party, row.dated_on)
    if contact is None or not contact.email:
        return
    # The letter stays Indonesian; its cover note is in the language of the person behind the address, when
    # the address is a portal user's, else the portal's.
    reader = User.objects.filter(email__iexact=contact.email, is_active=True).first()
    with translation.override(reader.mail_language if reader else settings.LANGUAGE_CODE):
        body = _(
            "Yth. %(unit)s,\n\nTerlampir surat %(issuer)s Nomor %(number)s tanggal %(day)s "
            "perihal %(subject)s.\n\nSurel ini dikirim oleh Portal PKS."
        ) % {
            "unit": contact.unit,
            "issuer": row.issuer.name,
            "number": row.number,
            "day": day_text(row.dated_on),
            "subject": row.subject,
        }
    mail_enqueue(
        to=[contact.email],
        subject=f"{row.subject} — {row.number}",
        body_text=body,
        attachments=[Attachment(pdf.letter_filename(row), pdf.letter_pdf(row), "application/pdf")],
        key=f"agreement-letter-{row.pk}",
        kind="agreement_letter",
    )


@transaction.atomic
def letter_issue(
    *,
    agreement: Agreement,
    acting_user: Principal,
    from_party: AgreementParty,
    to_party: AgreementParty,
    dated_on: date,
    subject: str,
    body: str,
    kind: str = LetterKind.GENERAL,
    signed_by: str = "",
    signer_position: str = "",
    send_email: bool = True,
) -> Letter:
    """Issue an outgoing letter numbered by the issuing institution's format, addressed from Pasal 8.

    The one path of every outgoing letter, on its own or inside a notice: the agreement row is locked
    (again, harmlessly, when the caller holds it) and the number drawn under the sequence's lock.
    """
    agreement = lock(agreement)
    require_right(acting_user, agreement, Right.KEEP_OWN)
    require_own_party(
        agreement,
        from_party,
        acting_user,
        _("Anda hanya dapat menerbitkan surat atas nama instansi Anda sendiri."),
    )
    party_of(agreement, to_party)
    if to_party.pk == from_party.pk:
        raise ValidationError({"to_party": _("Surat ditujukan kepada pihak lain, bukan kepada pengirim.")})
    if not subject.strip():
        raise ValidationError({"subject": _("Perihal surat wajib diisi.")})
    issuer = from_party.institution
    seq, number = letter_number_draw(issuer, dated_on)
    letter = Letter.objects.create(
        agreement=agreement,
        direction=LetterDirection.OUTGOING,
        kind=kind,
        issuer=issuer,
        seq=seq,
        year=dated_on.year,
        number=number,
        dated_on=dated_on,
        subject=subject.strip(),
        body=body,
        from_party=from_party,
        to_party=to_party,
        addressee=letters.addressee_text(to_party, dated_on),
        signed_by=signed_by or from_party.signatory_name,
        signer_position=signer_position or from_party.signatory_position,
        created_by=user_of(acting_user),
    )
    record_event(
        agreement,
        EventKind.LETTER_ISSUED,
        acting_user,
        keyed(
            gettext_noop("Surat %(number)s kepada %(party)s: %(subject)s"),
            number=number,
            party=role_term(to_party),
            subject=letter.subject,
        ),
        letter=letter.pk,
        number=number,
    )
    if send_email:
        _mail_letter(letter)
    notify_parties(
        agreement,
        actor=acting_user,
        key=f"agreement-letter-{letter.pk}",
        title=keyed(gettext_noop("Surat %(number)s: %(subject)s"), number=number, subject=letter.subject),
    )
    return letter


def letters_to_other_parties(
    *, agreement: Agreement, acting_user: Principal, from_party: AgreementParty, **letter
) -> list[Letter]:
    """One numbered letter of from_party to every other party (a notice goes to all of them)."""
    return [
        letter_issue(
            agreement=agreement, acting_user=acting_user, from_party=from_party, to_party=party, **letter
        )
        for party in agreement.parties.select_related("institution").exclude(pk=from_party.pk)
    ]


@transaction.atomic
def letter_register_incoming(
    *,
    agreement: Agreement,
    acting_user: Principal,
    from_party: AgreementParty,
    number: str,
    dated_on: date,
    received_on: date,
    subject: str,
    kind: str = LetterKind.GENERAL,
    file: UploadedFile | None = None,
) -> Letter:
    """Record a letter the user's institution received from another party, with its scan."""
    agreement = lock(agreement)
    require_right(acting_user, agreement, Right.KEEP_OWN)
    party_of(agreement, from_party)
    to_party = own_party(agreement, acting_user)
    if to_party is None:
        raise ValidationError(_("Surat masuk dicatat oleh instansi penerima yang menjadi pihak."))
    if from_party.pk == to_party.pk:
        raise ValidationError({"from_party": _("Pengirim surat masuk adalah pihak lain.")})
    if received_on < dated_on:
        raise ValidationError({"received_on": _("Tanggal diterima tidak boleh sebelum tanggal surat.")})
    if not number.strip() or not subject.strip():
        raise ValidationError(_("Nomor dan perihal surat wajib diisi."))
    document = None
    if file is not None:
        document = store_document(
            agreement=agreement,
            acting_user=acting_user,
            file=file,
            kind=DocumentKind.LETTER,
            title=_("Surat masuk %(number)s") % {"number": number.strip()},
        )
    letter = Letter.objects.create(
        agreement=agreement,
        direction=LetterDirection.INCOMING,
        kind=kind,
        issuer=from_party.institution,
        number=number.strip(),
        dated_on=dated_on,
        received_on=received_on,
        subject=subject.strip(),
        from_party=from_party,
        to_party=to_party,
        document=document,
        created_by=user_of(acting_user),
    )
    record_event(
        agreement,
        EventKind.LETTER_RECEIVED,
        acting_user,
        keyed(
            gettext_noop("Surat masuk %(number)s dari %(party)s: %(subject)s"),
            number=letter.number,
            party=role_term(from_party),
            subject=letter.subject,
        ),
        letter=letter.pk,
    )
    return letter
