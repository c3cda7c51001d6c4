"""The agreement's printed papers: notice letters (renewal, termination, force majeure) and its text."""

from __future__ import annotations

import re

from django.utils import translation
from django.utils.translation import gettext as _

from agreements.models import Agreement, Letter
from portal.lib import pdf
from portal.lib.text_id import format_date, format_date_long


def _letterhead(institution) -> pdf.Letterhead:
    return pdf.Letterhead(
        name=institution.name, address=institution.address, phone=institution.phone, email=institution.email
    )


def letter_filename(letter: Letter) -> str:
    """A file name from the number only ('surat-7-HKM.07.01-III-2025.pdf'): no names of people."""
    return "surat-" + re.sub(r"[^A-Za-z0-9.]+", "-", letter.number).strip("-") + ".pdf"


@translation.override("id")
def letter_pdf(letter: Letter) -> bytes:
    """The outgoing letter as the issuer prints it: letterhead, number, Indonesian date, addressee, signature.

    Expects the letter with agreement, issuer and parties loaded (see selectors.letter_for_pdf).
    """
    place = letter.agreement.signing_place or "Jakarta"
    copies = [
        p.institution.name
        for p in letter.agreement.parties.all()
        if p.pk not in (letter.from_party_id, letter.to_party_id)
    ]
    content = pdf.LetterContent(
        number=letter.number,
        dated_on=letter.dated_on,
        place=place,
        subject=letter.subject,
        addressee=letter.addressee,
        body=letter.body,
        signature=pdf.Signature(
            heading=f"{letter.from_party.role_name},",
            name=letter.signed_by or "",
            position=letter.signer_position,
        ),
        copies=copies,
    )
    return pdf.letter_pdf(_letterhead(letter.issuer), content)


def agreement_filename(agreement: Agreement) -> str:
    return f"naskah-perjanjian-{agreement.pk}.pdf"


@translation.override("id")
def agreement_pdf(agreement: Agreement) -> bytes:
    """The agreement's text as recorded: title block, opening with the long-form date, parties, Pasal."""
    parties = list(agreement.parties.all())
    blocks = [pdf.Block("heading", agreement.get_kind_display().upper()), pdf.Block("center", _("ANTARA"))]
    for index, party in enumerate(parties):
        if index:
            blocks.append(pdf.Block("center", _("DAN")))
        blocks.append(pdf.Block("heading", party.institution.name.upper()))
    for party in parties:
        if party.number:
            blocks.append(pdf.Block("center", f"{_('NOMOR')} : {party.number}"))
    blocks += [
        pdf.Block("center", _("TENTANG")),
        pdf.Block("heading", agreement.title.upper()),
        pdf.Block("spacer"),
    ]
    if agreement.signed_on:
        blocks.append(
            pdf.Block(
                "para",
                _(
                    "Pada hari ini, %(long)s (%(short)s), bertempat di %(place)s, "
                    "yang bertanda tangan di bawah ini:"
                )
                % {
                    "long": format_date_long(agreement.signed_on),
                    "short": agreement.signed_on.strftime("%d-%m-%Y"),
                    "place": agreement.signing_place or "-",
                },
            )
        )
    else:
        blocks.append(pdf.Block("para", _("Draf: belum ditandatangani.")))
    for index, party in enumerate(parties, start=1):
        text = f"{index}. {party.signatory_name}, {_('selaku')} {party.signatory_position}"
        if party.appointment_number or party.appointment_date:
            text += f" {_('diangkat berdasarkan')} {party.appointment_text}"
        text += ", " + _("dalam hal ini bertindak untuk dan atas nama %(name)s") % {
            "name": party.institution.name
        }
        if party.address:
            text += ", " + _("berkedudukan di %(address)s") % {"address": party.address}
        text += ", " + _("selanjutnya disebut sebagai %(role)s.") % {"role": party.role_name}
        blocks.append(pdf.Block("para", text))
    for clause in agreement.clauses.all():
        blocks += [
            pdf.Block("heading", f"Pasal {clause.number}"),
            pdf.Block("heading", clause.title),
            pdf.Block("para", clause.text),
        ]
    if agreement.is_example:
        blocks.append(pdf.Block("small", _("CONTOH — data demonstrasi, bukan perjanjian sungguhan.")))
    if agreement.signed_on:
        blocks.append(
            pdf.Block(
                "small",
                _("Salinan teks dari Portal PKS; ditandatangani pada %(day)s.")
                % {"day": format_date(agreement.signed_on)},
            )
        )
    signatures = [pdf.Signature(heading=f"{p.role_name},", name=p.signatory_name or "") for p in parties]
    return pdf.document_pdf(title=agreement.title, author="Portal PKS", blocks=blocks, signatures=signatures)
