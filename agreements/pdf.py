"""The agreement's printed papers: notice letters (renewal, termination, force majeure) and its text."""

from __future__ import annotations

import re

from django.utils import translation
from django.utils.translation import gettext as _

from agreements import letters
from agreements.letters import agreement_reference
from agreements.models import PARTY_ROLE_NAMES, Agreement, Letter
from portal.lib import pdf
from portal.lib.text_id import format_date, format_date_long
from portal.registry import registry


def _logo_bytes(institution) -> bytes | None:
    """The institution's emblem as stored, or None when it has none or the file is gone from storage."""
    if not institution.logo:
        return None
    try:
        with institution.logo.open("rb") as handle:
            return handle.read()
    except OSError:
        return None


def _letterhead(institution) -> pdf.Letterhead:
    return pdf.Letterhead(
        name=institution.name,
        address=institution.address,
        phone=institution.phone,
        email=institution.email,
        logo=_logo_bytes(institution),
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
    position = letter.signer_position.strip()
    content = pdf.LetterContent(
        number=letter.number,
        dated_on=letter.dated_on,
        place=place,
        subject=letter.subject,
        addressee=letter.addressee,
        body=letter.body,
        # Signed as the office that signs it, not as 'PIHAK KESATU': the letter is the institution's own.
        signature=pdf.Signature(
            heading=f"{position}," if position else f"{letter.from_party.role_name},",
            name=letter.signed_by or "",
        ),
        attachment=letters.attachments_line(letter),
        copies=letters.copies_of(letter),
    )
    return pdf.letter_pdf(_letterhead(letter.issuer), content)


def agreement_filename(agreement: Agreement) -> str:
    return f"naskah-perjanjian-{agreement.pk}.pdf"


CLAUSE_LABEL = re.compile(r"^\s*(\(\d+\)|\d+\.|[a-z]\.)\s+(.*)$")
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")


def _roman(number: int) -> str:
    return ROMAN[number - 1] if 1 <= number <= len(ROMAN) else str(number)


def _joined(names: list[str]) -> str:
    """'A dan B', 'A, B, dan C'."""
    if len(names) <= 2:
        return f" {_('dan')} ".join(names)
    return ", ".join(names[:-1]) + f", {_('dan')} " + names[-1]


def _listed(items: list[str], *, end: str = ".") -> list[str]:
    """Items of a list as the agreement writes them: '...;' each, '...; dan' before the last, then '.'."""
    items = [item.strip().rstrip(";.") for item in items if item.strip()]
    return [
        item + (end if i == len(items) - 1 else f"; {_('dan')}" if i == len(items) - 2 else ";")
        for i, item in enumerate(items)
    ]


def _clause_blocks(text: str) -> list[pdf.Block]:
    """A Pasal's text as its ayat '(1)', its numbers '1.' and letters 'a.', each hanging after its label."""
    blocks = []
    in_ayat = False
    level = None  # the level of the last labelled line: an unlabelled line continues its text
    for line in text.splitlines():
        if not line.strip():
            continue
        match = CLAUSE_LABEL.match(line)
        if not match:
            if level is None:
                blocks.append(pdf.Block("para", line.strip()))
            else:
                blocks.append(pdf.Block("item", line.strip(), level=level))
            continue
        label, rest = match.groups()
        if label.startswith("("):
            in_ayat = True
            level = 0
        else:
            level = 1 if in_ayat else 0
        blocks.append(pdf.Block("item", rest, label=label, level=level))
    return blocks


def _title_blocks(agreement: Agreement, parties) -> list[pdf.Block]:
    blocks = [pdf.Block("heading", agreement.get_kind_display().upper()), pdf.Block("heading", _("ANTARA"))]
    for index, party in enumerate(parties):
        if index:
            blocks.append(pdf.Block("heading", _("DAN")))
        blocks.append(pdf.Block("heading", party.institution.name.upper()))
    for party in parties:
        if party.number:
            blocks.append(pdf.Block("heading", f"{_('NOMOR')} : {party.number}"))
    blocks += [pdf.Block("heading", _("TENTANG")), pdf.Block("heading", agreement.title.upper())]
    return blocks


def _umbrella_text(agreement: Agreement) -> str:
    """'Nota Kesepahaman Nomor X tentang T yang ditandatangani pada tanggal D', or the typed reference."""
    umbrella = agreement.umbrella
    if umbrella is not None:
        return agreement_reference(umbrella)
    return agreement.umbrella_reference


def _party_blocks(agreement: Agreement, parties) -> list[pdf.Block]:
    """The parties numbered I., II., their consideration ('bahwa PIHAK KESATU adalah ...'), PARA PIHAK."""
    blocks = []
    for index, party in enumerate(parties, start=1):
        text = party.signatory_name or "...................."
        if party.signatory_position:
            text += f", {_('selaku')} {party.signatory_position}"
        if party.appointment_number or party.appointment_date:
            text += f" {_('diangkat berdasarkan')} {party.appointment_text}"
        text += ", " + _("dalam hal ini bertindak untuk dan atas nama %(name)s") % {
            "name": party.institution.name
        }
        address = party.address or party.institution.address
        if address:
            text += ", " + _("berkedudukan di %(address)s") % {"address": " ".join(address.split())}
        text += ", " + _("selanjutnya disebut sebagai %(role)s.") % {"role": party.role_name}
        blocks.append(pdf.Block("item", text, label=f"{_roman(index)}."))
    considerations = [
        _("bahwa %(role)s adalah %(what)s") % {"role": p.role_name, "what": p.description.strip()}
        for p in parties
        if p.description.strip()
    ]
    umbrella = _umbrella_text(agreement)
    if umbrella:
        considerations.append(
            _("bahwa PARA PIHAK telah menandatangani %(umbrella)s") % {"umbrella": umbrella}
        )
    definition = _(
        "%(roles)s yang selanjutnya secara bersama-sama disebut PARA PIHAK, dan secara sendiri-sendiri "
        "disebut PIHAK"
    ) % {"roles": _joined([p.role_name for p in parties])}
    if considerations:
        blocks.append(
            pdf.Block("para", definition + ", " + _("terlebih dahulu menerangkan hal-hal sebagai berikut:"))
        )
        for index, item in enumerate(_listed(considerations), start=1):
            blocks.append(pdf.Block("item", item, label=f"{index}."))
    else:
        blocks.append(pdf.Block("para", definition + "."))
    blocks.append(
        pdf.Block(
            "para",
            _(
                "Berdasarkan hal-hal tersebut di atas dan memperhatikan ketentuan peraturan "
                "perundang-undangan, PARA PIHAK sepakat untuk membuat %(kind)s tentang %(title)s, yang "
                "diatur dengan ketentuan sebagai berikut:"
            )
            % {"kind": agreement.get_kind_display(), "title": agreement.title},
        )
    )
    return blocks


def _article_blocks(agreement: Agreement) -> list[pdf.Block]:
    """Every Pasal as recorded; one entered without Pasal 1 or 2 prints its purpose and scope there."""
    clauses = {clause.number: clause for clause in agreement.clauses.all()}
    articles: list[tuple[int, str, list[pdf.Block]]] = []
    if 1 not in clauses and agreement.purpose.strip():
        articles.append((1, _("TUJUAN KERJA SAMA"), [pdf.Block("para", agreement.purpose.strip())]))
    scope = [item.text for item in agreement.scope_items.all()]
    if 2 not in clauses and scope:
        lead = _("Ruang lingkup %(kind)s ini meliputi:") % {"kind": agreement.get_kind_display()}
        items = [
            pdf.Block("item", text, label=f"{chr(ord('a') + i)}.") for i, text in enumerate(_listed(scope))
        ]
        articles.append((2, _("RUANG LINGKUP"), [pdf.Block("para", lead), *items]))
    for number, clause in clauses.items():
        articles.append((number, clause.title, _clause_blocks(clause.text)))
    blocks = []
    for number, title, body in sorted(articles, key=lambda article: article[0]):
        blocks += [pdf.Block("heading", f"Pasal {number}"), pdf.Block("heading", title.upper()), *body]
    if clauses and "PENUTUP" not in clauses[max(clauses)].title.upper() or not clauses:
        blocks.append(
            pdf.Block(
                "para",
                _(
                    "Demikian %(kind)s ini dibuat dan ditandatangani oleh PARA PIHAK pada hari, tanggal, "
                    "bulan, dan tahun sebagaimana tersebut pada awal %(kind)s ini."
                )
                % {"kind": agreement.get_kind_display()},
            )
        )
    return blocks


def _signature_blocks(parties) -> pdf.Block:
    """'PIHAK KESATU,', room to sign, the name, and the signatory's position under it."""
    return pdf.Block(
        "signatures",
        signatures=tuple(
            pdf.Signature(heading=f"{p.role_name},", name=p.signatory_name or "", below=p.signatory_position)
            for p in parties
        ),
    )


def _annex_blocks(agreement: Agreement, parties) -> list[pdf.Block]:
    """The Lampiran: its own title block, then every table the annex providers print, then signatures."""
    tables = [table for annex in registry.agreement_annexes for table in annex.tables(agreement)]
    if not tables:
        return []
    blocks = [pdf.Block("pagebreak"), pdf.Block("heading", _("LAMPIRAN"))]
    blocks += _title_blocks(agreement, parties)
    blocks += [pdf.Block("spacer"), pdf.Block("heading", _("RINCIAN DATA DAN/ATAU INFORMASI"))]
    for index, table in enumerate(tables):
        if index:
            blocks.append(pdf.Block("spacer"))
        blocks += [
            pdf.Block("item", table.heading, label=f"{chr(ord('A') + index)}."),
            pdf.Block("table", rows=table.rows, widths=table.widths),
        ]
    blocks.append(_signature_blocks(parties))
    return blocks


@translation.override("id")
def agreement_pdf(agreement: Agreement) -> bytes:
    """The whole agreement as signed: title block with every party's number, the opening with the long-form
    date, the parties numbered I., II. with their signatories, the considerations and PARA PIHAK, every
    Pasal, the closing, the signatures with positions, the Lampiran, and the paraf box on every page.

    Expects the parties (with institution), clauses and scope loaded or loadable; the umbrella is read.
    """
    parties = list(agreement.parties.all())
    blocks = _title_blocks(agreement, parties)
    blocks.append(pdf.Block("spacer"))
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
        blocks.append(pdf.Block("para", _("Yang bertanda tangan di bawah ini:")))
    blocks += _party_blocks(agreement, parties)
    blocks += _article_blocks(agreement)
    blocks.append(_signature_blocks(parties))
    notes = []
    if agreement.is_example:
        notes.append(pdf.Block("small", _("CONTOH — data demonstrasi, bukan perjanjian sungguhan.")))
    if agreement.signed_on:
        notes.append(
            pdf.Block(
                "small",
                _("Salinan teks dari Portal PKS; ditandatangani pada %(day)s.")
                % {"day": format_date(agreement.signed_on)},
            )
        )
    blocks += [pdf.Block("spacer"), *notes] if notes else []
    blocks += _annex_blocks(agreement, parties)
    roles = [str(name) for name in PARTY_ROLE_NAMES.values()]
    emphasis = ["PARA PIHAK", "PIHAK", *roles, *(p.signatory_name for p in parties if p.signatory_name)]
    return pdf.document_pdf(
        title=agreement.title,
        author="Portal PKS",
        blocks=blocks,
        emphasis=emphasis,
        paraf=[f"PIHAK {_roman(i)}" for i in range(1, len(parties) + 1)],
    )
