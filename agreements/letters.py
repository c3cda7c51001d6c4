"""The words of the letters the portal writes: numbers, addressees and the bodies of notices.

Pure text from model rows already loaded; the services store the result on the Letter row, so a letter's
PDF reads the same every time it is printed. Official letters are written in Bahasa Indonesia whatever
language the officer's screen is in.
"""

from __future__ import annotations

from datetime import date

from django.utils import translation
from django.utils.translation import gettext as _
from num2words import num2words

from agreements.choices import ClauseTag, LetterDirection, LetterKind
from agreements.citations import in_parens, numbers_of, pasal, per
from agreements.models import Agreement, AgreementParty, Contact, ForceMajeure, Letter, Notice
from portal.lib.letter_number import NUMBER_FIELDS, format_letter_number  # noqa: F401 - the letters' API
from portal.lib.text_id import format_date


def current_contact(party: AgreementParty, day: date) -> Contact | None:
    """The party's designated contact on that day (Pasal 8); the most recently designated if several."""
    contacts = [c for c in party.contacts.all() if c.is_valid_on(day)]
    contacts.sort(key=lambda c: (c.valid_from, c.pk), reverse=True)
    return contacts[0] if contacts else None


@translation.override("id")
def addressee_text(party: AgreementParty, day: date) -> str:
    """'Yth. <position>' with the institution and address, from the contact register; else the signatory.

    An official letter is addressed to the office, never to the person who holds it.
    """
    contact = current_contact(party, day)
    institution = party.institution.name
    if contact:
        lines = [f"Yth. {contact.unit}"]
        if institution not in contact.unit:
            lines.append(institution)
        lines.append(contact.address or party.address or party.institution.address)
    else:
        lines = [f"Yth. {party.signatory_position or _('Pimpinan')}"]
        if institution not in lines[0]:
            lines.append(institution)
        lines.append(party.address or party.institution.address)
    return "\n".join(line for line in lines if line)


@translation.override("id")
def attachments_line(letter: Letter) -> str:
    """The 'Lampiran' line: the count of what the letter encloses ('1 (satu) berkas'), '-' when nothing.

    A force-majeure notice always encloses the official statement (Pasal 10 ayat (2)), which its body says.
    """
    count = 1 if letter.kind == LetterKind.FORCE_MAJEURE_NOTICE else 0
    if letter.document_id and letter.direction == LetterDirection.OUT:
        count += 1
    if not count:
        return "-"
    return _("%(n)s (%(words)s) berkas") % {"n": count, "words": num2words(count, lang="id")}


@translation.override("id")
def copies_of(letter: Letter) -> list[str]:
    """Tembusan: the offices that signed the agreement (but not the letter's signer), then other parties."""
    copies = []
    for party in letter.agreement.parties.all():
        if party.pk in (letter.from_party_id, letter.to_party_id):
            position = party.signatory_position.strip()
            if position and position != letter.signer_position.strip():
                copies.append(
                    position
                    if party.institution.name in position
                    else f"{position}, {party.institution.name}"
                )
        else:
            copies.append(party.institution.name)
    return copies


def agreement_reference(agreement: Agreement) -> str:
    """'Perjanjian Kerja Sama Nomor 26/HKM.07.01/X/2023 dan Nomor 35/HM.04.01/2023 tentang <title>'."""
    numbers = [p.number for p in agreement.parties.all() if p.number]
    text = agreement.get_kind_display()
    if numbers:
        text += " " + _("Nomor") + " " + (" " + _("dan Nomor") + " ").join(numbers)
    text += " " + _("tentang") + " " + agreement.title
    if agreement.signed_on:
        text += " " + _("yang ditandatangani pada tanggal %(day)s") % {
            "day": format_date(agreement.signed_on)
        }
    return text


@translation.override("id")
def notice_subject(notice: Notice) -> str:
    if notice.kind == "termination":
        return _("Pemberitahuan Pengakhiran Perjanjian Kerja Sama")
    return _("Pemberitahuan Perpanjangan Perjanjian Kerja Sama")


@translation.override("id")
def notice_body(notice: Notice) -> str:
    """The notice as a letter, citing the agreement's own clauses on notice, term, confidentiality and
    amendment (none where no clause is tagged)."""
    agreement = notice.agreement
    numbers = numbers_of(agreement)
    sender = notice.from_party
    opening = _("Dengan hormat,\n\nMerujuk pada %(ref)s, dengan ini %(institution)s selaku %(role)s") % {
        "ref": agreement_reference(agreement),
        "institution": sender.institution.name,
        "role": sender.role_name,
    }
    if notice.kind == "termination":
        body = _(
            "%(opening)s memberitahukan secara tertulis maksud untuk mengakhiri Perjanjian Kerja Sama "
            "tersebut terhitung mulai tanggal %(day)s%(per_notice)s."
        ) % {
            "opening": opening,
            "day": format_date(notice.terminates_on),
            "per_notice": per(numbers, ClauseTag.NOTICE),
        }
        term = pasal(numbers, ClauseTag.TERM)
        body += "\n\n" + (
            _("Sesuai %(pasal)s, pengakhiran ini") % {"pasal": term} if term else _("Pengakhiran ini")
        )
        body += " " + _(
            "tidak menghapuskan tugas dan tanggung jawab PARA PIHAK yang harus diselesaikan sebagai akibat "
            "pelaksanaan Perjanjian Kerja Sama"
        )
        confidentiality = pasal(numbers, ClauseTag.CONFIDENTIALITY)
        if confidentiality:
            body += _(", dan sesuai %(pasal)s ketentuan kerahasiaan data tetap berlaku") % {
                "pasal": confidentiality
            }
        body += "."
    else:
        body = _(
            "%(opening)s memberitahukan secara tertulis maksud untuk memperpanjang Perjanjian Kerja Sama "
            "tersebut, yang berlaku sampai dengan tanggal %(end)s%(per_notice)s."
        ) % {
            "opening": opening,
            "end": format_date(agreement.ends_on),
            "per_notice": per(numbers, ClauseTag.NOTICE),
        }
        body += "\n\n" + _(
            "Kami mengundang %(other)s untuk membahas perpanjangan tersebut, yang akan dituangkan dalam "
            "Perubahan (amandemen) Perjanjian Kerja Sama."
        ) % {"other": _("PIHAK lainnya")}
    if notice.reason:
        body += "\n\n" + _("Adapun pertimbangannya: %(reason)s") % {"reason": notice.reason}
    body += "\n\n" + _(
        "Demikian kami sampaikan. Atas perhatian dan kerja samanya, kami ucapkan terima kasih."
    )
    return body


@translation.override("id")
def force_majeure_subject() -> str:
    return _("Pemberitahuan Keadaan Kahar (Force Majeure)")


@translation.override("id")
def force_majeure_body(event: ForceMajeure) -> str:
    """The notice of a force majeure, citing the agreement's own force-majeure clause where tagged."""
    agreement = event.agreement
    numbers = numbers_of(agreement)
    body = _(
        "Dengan hormat,\n\nMerujuk pada %(ref)s, dengan ini %(institution)s selaku %(role)s memberitahukan "
        "secara tertulis bahwa sejak tanggal %(day)s telah terjadi keadaan kahar (force majeure)%(pasal)s, "
        "yaitu: %(what)s"
    ) % {
        "ref": agreement_reference(agreement),
        "institution": event.party.institution.name,
        "role": event.party.role_name,
        "day": format_date(event.occurred_on),
        "pasal": in_parens(numbers, ClauseTag.FORCE_MAJEURE),
        "what": event.description,
    }
    body += "\n\n" + _(
        "Bersama ini kami lampirkan pernyataan tertulis dari pejabat pemerintah yang berwenang untuk "
        "dipertimbangkan%(per)s. Selama keadaan kahar berlangsung kami dibebaskan untuk sementara waktu dari "
        "pemenuhan kewajiban yang terdampak, dan akan melaksanakannya kembali setelah keadaan kahar berakhir."
    ) % {"per": per(numbers, ClauseTag.FORCE_MAJEURE)}
    body += "\n\n" + _(
        "Demikian kami sampaikan. Atas perhatian dan kerja samanya, kami ucapkan terima kasih."
    )
    return body
