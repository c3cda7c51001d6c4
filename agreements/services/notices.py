"""The end of an agreement by the parties' hand (Pasal 6): written notices, and ending early on one."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from agreements import letters, rules
from agreements.choices import EventKind, LetterKind, NoticeKind
from agreements.models import Agreement, AgreementParty, Letter, Notice
from agreements.selectors import Right
from agreements.services._common import (
    attribute,
    label_term,
    lock,
    notify_parties,
    record_event,
    refuse,
    require_own_party,
    require_right,
    role_term,
)
from agreements.services.correspondence import letters_to_other_parties
from agreements.services.obligations import agreement_dues_sync
from portal.lib.stored_text import Keyed, day_of, keyed
from portal.principals import Principal, user_of


def _notice_summary(notice: Notice, agreement: Agreement, late: bool) -> Keyed:
    params = {
        "kind": label_term(notice, "kind"),
        "party": role_term(notice.from_party),
        "day": day_of(notice.served_on),
        "end": day_of(notice.terminates_on),
        "deadline": day_of(agreement.notice_deadline),
    }
    if notice.terminates_on and late:
        message = gettext_noop(
            "%(kind)s oleh %(party)s, %(day)s — diakhiri per %(end)s — melewati batas pemberitahuan "
            "%(deadline)s"
        )
    elif notice.terminates_on:
        message = gettext_noop("%(kind)s oleh %(party)s, %(day)s — diakhiri per %(end)s")
    elif late:
        message = gettext_noop("%(kind)s oleh %(party)s, %(day)s — melewati batas pemberitahuan %(deadline)s")
    else:
        message = gettext_noop("%(kind)s oleh %(party)s, %(day)s")
    return keyed(message, **params)


@transaction.atomic
def notice_serve(
    *,
    agreement: Agreement,
    acting_user: Principal,
    kind: str,
    from_party: AgreementParty,
    served_on: date,
    terminates_on: date | None = None,
    reason: str = "",
    signed_by: str = "",
    signer_position: str = "",
    send_email: bool = True,
) -> Notice:
    """A written notice to extend or to end (Pasal 6(2)), issued as a numbered letter to every other party.

    An early end must leave the notice period between serving and ending; a date earlier than that is
    refused with the earliest date allowed. A party serves notice only in its own name.
    """
    agreement = lock(agreement)
    require_right(acting_user, agreement, Right.SIGN_OFF)
    require_own_party(
        agreement, from_party, acting_user, _("Pemberitahuan disampaikan atas nama instansi Anda sendiri.")
    )
    refuse(
        rules.notice_errors(
            kind=kind,
            served_on=served_on,
            terminates_on=terminates_on,
            signed_on=agreement.signed_on,
            ends_on=agreement.ends_on,
            terminated_on=agreement.terminated_on,
            notice_months=agreement.notice_period_months,
        )
    )
    notice = Notice.objects.create(
        agreement=agreement,
        kind=kind,
        from_party=from_party,
        served_on=served_on,
        terminates_on=terminates_on if kind == NoticeKind.TERMINATION else None,
        reason=reason.strip(),
        created_by=user_of(acting_user),
    )
    issued: list[Letter] = letters_to_other_parties(
        agreement=agreement,
        acting_user=acting_user,
        kind=LetterKind.TERMINATION_NOTICE if kind == NoticeKind.TERMINATION else LetterKind.RENEWAL_NOTICE,
        from_party=from_party,
        dated_on=served_on,
        subject=letters.notice_subject(notice),
        body=letters.notice_body(notice),
        signed_by=signed_by,
        signer_position=signer_position,
        send_email=send_email,
    )
    notice.letter = issued[0] if issued else None
    notice.save(update_fields=["letter"])
    if notice.terminates_on and (
        not agreement.announced_end_on or notice.terminates_on < agreement.announced_end_on
    ):
        # The announced day is the agreement's last day from now on: status, clocks, dues and reminders.
        agreement.announced_end_on = notice.terminates_on
        attribute(agreement, acting_user).save()
        agreement_dues_sync(agreement, acting_user)
    late = kind == NoticeKind.RENEWAL and served_on > agreement.notice_deadline
    record_event(
        agreement,
        EventKind.NOTICE_SERVED,
        acting_user,
        _notice_summary(notice, agreement, late),
        notice=notice.pk,
        letters=[letter.pk for letter in issued],
        late=late,
        terminates_on=notice.terminates_on,
    )
    return notice


@transaction.atomic
def agreement_terminate(
    *, agreement: Agreement, acting_user: Principal, terminates_on: date, reason: str = ""
) -> Agreement:
    """End the agreement early on a date a served termination notice allows (Pasal 6(2)).

    Dues that fell due before the end stay open (Pasal 6(3)); later ones are dropped. A served notice
    announced a day: ending earlier than that day is refused, the letter is what the other party relies on.
    """
    agreement = lock(agreement)
    require_right(acting_user, agreement, Right.SIGN_OFF)
    notices = list(agreement.notices.filter(kind=NoticeKind.TERMINATION).order_by("served_on"))
    refuse(
        rules.termination_errors(
            terminates_on=terminates_on,
            served_on=[n.served_on for n in notices],
            signed_on=agreement.signed_on,
            ends_on=agreement.ends_on,
            terminated_on=agreement.terminated_on,
            notice_months=agreement.notice_period_months,
            announced_end_on=agreement.announced_end_on,
        )
    )
    agreement.terminated_on = terminates_on
    agreement.termination_reason = reason.strip() or notices[-1].reason
    attribute(agreement, acting_user).save()
    agreement_dues_sync(agreement, acting_user)
    record_event(
        agreement,
        EventKind.TERMINATED,
        acting_user,
        keyed(gettext_noop("Diakhiri lebih awal per %(day)s"), day=day_of(terminates_on)),
        terminated_on=terminates_on,
        ends_on=agreement.ends_on,
    )
    notify_parties(
        agreement,
        actor=acting_user,
        key=f"agreement-{agreement.pk}-terminated",
        title=keyed(
            gettext_noop("Perjanjian diakhiri per %(day)s: %(title)s"),
            day=day_of(terminates_on),
            title=agreement.title,
        ),
    )
    return agreement
