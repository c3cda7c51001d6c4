"""Writes of the portal core: the mail outbox and notifications. One function per transition."""

from __future__ import annotations

import logging
import secrets
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.message import make_msgid
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone, translation

from portal.choices import MailStatus
from portal.lib import stored_text
from portal.lib.stored_text import Keyed
from portal.models import Notification, OutboxAttachment, OutboxMail, User

logger = logging.getLogger(__name__)

# A sender holds its claim on a mail for a lease and renews it while the SMTP conversation lasts (each socket
# operation is bounded by EMAIL_TIMEOUT, a whole conversation is not); a crashed sender renews nothing, so its
# mail goes back to the queue about a lease later.


def claim_lease() -> timedelta:
    return timedelta(seconds=settings.OUTBOX_LEASE_SECONDS)


class _LeaseKeeper:
    """Renews one mail's lease from a thread of its own, every third of the lease, while a send lasts.

    Inside a transaction (a test's, or a caller's) the claim is not visible to another connection and the
    row is locked by this one: there is nothing to renew then, and no keeper is started.
    """

    def __init__(self, mail_id: int, claim: str):
        self.mail_id, self.claim = mail_id, claim
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def __enter__(self) -> _LeaseKeeper:
        if not transaction.get_connection().in_atomic_block:
            self._thread = threading.Thread(target=self._run, name="outbox-lease", daemon=True)
            self._thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def _run(self) -> None:
        from django.db import connection

        every = claim_lease().total_seconds() / 3
        try:
            while not self._stop.wait(every):
                OutboxMail.objects.filter(
                    pk=self.mail_id, claim=self.claim, status=MailStatus.SENDING
                ).update(lease_until=timezone.now() + claim_lease())
        except Exception:  # noqa: BLE001 - a renewal that fails leaves the lease to lapse, never the send
            logger.warning("Outbox mail %s: lease not renewed", self.mail_id, exc_info=True)
        finally:
            connection.close()


def _message_id() -> str:
    domain = settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].strip("> ") or "portal-pks.localhost"
    return make_msgid(domain=domain)


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes
    content_type: str


def mail_enqueue(
    *,
    to: Sequence[str],
    subject: str | Keyed,
    body_text: str,
    body_html: str = "",
    cc: Sequence[str] = (),
    headers: dict[str, str] | None = None,
    attachments: Iterable[Attachment] = (),
    key: str | None = None,
    kind: str = "",
    from_email: str | None = None,
) -> OutboxMail | None:
    """Put one e-mail in the outbox and ring the sender after commit.

    With a key the mail is written at most once, whatever the number of callers: the second caller gets
    None. That is how a reminder goes out once per (deadline, milestone, recipient). A keyed subject
    (portal.lib.stored_text) goes out in the active language and shows in the outbox in the reader's.
    """
    subject_message = subject.as_json() if isinstance(subject, Keyed) else {}
    subject = str(subject)
    to = [address for address in to if address]
    if not to:
        return None
    # The Message-ID is fixed when the mail is written, so every attempt (a retry, a resend after a crashed
    # sender) carries the same one and a mail client can drop a copy.
    headers = dict(headers or {})
    if not any(name.lower() == "message-id" for name in headers):
        headers["Message-ID"] = _message_id()
    try:
        with transaction.atomic():
            mail = OutboxMail.objects.create(
                key=key,
                kind=kind,
                from_email=from_email or settings.DEFAULT_FROM_EMAIL,
                to=list(to),
                cc=list(cc),
                subject=" ".join(subject.split()),
                subject_message=subject_message,
                body_text=body_text,
                body_html=body_html,
                headers=headers,
            )
            OutboxAttachment.objects.bulk_create(
                OutboxAttachment(
                    mail=mail, filename=a.filename, content=a.content, content_type=a.content_type
                )
                for a in attachments
            )
    except IntegrityError:
        if key and OutboxMail.objects.filter(key=key).exists():
            return None
        raise
    from portal import tasks  # the task module imports this one
    from portal.lib.queue import ring_after_commit

    ring_after_commit(tasks.send_outbox_mail, mail.pk)
    return mail


def mail_enqueue_to_users(
    *,
    users: Iterable[User],
    render: Callable[[], tuple[str | Keyed, str, str]],
    key: str | None = None,
    **options,
) -> list[OutboxMail]:
    """One mail per language among `users`, each rendered (`render()` -> subject, text, HTML) in that
    language: a mail to a person is written in the language they chose, whoever caused it.

    The portal's language keeps `key` as given, another language adds itself to it, so a second call still
    writes nothing.
    """
    by_language: dict[str, list[str]] = {}
    for user in users:
        if user.email and user.email not in by_language.get(user.mail_language, ()):
            by_language.setdefault(user.mail_language, []).append(user.email)
    written = []
    for language, to in sorted(by_language.items()):
        with translation.override(language):
            subject, text, html = render()
            mail = mail_enqueue(
                to=to,
                subject=subject,
                body_text=text,
                body_html=html,
                key=key if key is None or language == settings.LANGUAGE_CODE else f"{key}:{language}",
                **options,
            )
        if mail is not None:
            written.append(mail)
    return written


def _build_message(mail: OutboxMail, connection) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=mail.subject,
        body=mail.body_text,
        from_email=mail.from_email,
        to=mail.to,
        cc=mail.cc,
        headers=mail.headers,
        connection=connection,
    )
    if mail.body_html:
        message.attach_alternative(mail.body_html, "text/html")
    for attachment in mail.attachments.all():
        message.attach(attachment.filename, bytes(attachment.content), attachment.content_type)
    return message


def _backoff(attempts: int) -> timedelta:
    return timedelta(minutes=min(2**attempts, 240))


def outbox_mail_send(*, mail_id: int, now: datetime | None = None) -> str:
    """Send one queued mail. Returns 'sent', 'kept', 'retry', 'failed' or 'skipped'.

    The row is claimed with a compare-and-set that writes this sender's token and lease; a second worker
    holding the same doorbell finds nothing to claim and skips, so a mail is never sent twice by two live
    senders. Every attempt sends the Message-ID written with the row.
    """
    now = now or timezone.now()
    claim = secrets.token_hex(16)
    claimed = OutboxMail.objects.filter(
        pk=mail_id, status=MailStatus.QUEUED, next_attempt_at__lte=now
    ).update(
        status=MailStatus.SENDING,
        claim=claim,
        claimed_at=timezone.now(),
        lease_until=timezone.now() + claim_lease(),
    )
    if claimed != 1:
        return "skipped"  # someone else claimed it, it is not due yet, or it is already done
    mine = OutboxMail.objects.filter(pk=mail_id, claim=claim)
    mail = OutboxMail.objects.get(pk=mail_id)
    if not settings.EMAIL_HOST:
        # The embedded default: no SMTP server, the outbox page is where mail is read.
        mine.update(status=MailStatus.KEPT, sent_at=now, last_error="", lease_until=None)
        return "kept"
    try:
        with _LeaseKeeper(mail_id, claim):
            connection = get_connection(settings.OUTBOX_DELIVERY_BACKEND, fail_silently=False)
            _build_message(mail, connection).send()
    except SoftTimeLimitExceeded:
        # The worker is being told to stop, not the SMTP server failing: hand the mail back untouched, no
        # attempt counted, for the next sweep.
        mine.filter(status=MailStatus.SENDING).update(status=MailStatus.QUEUED, lease_until=None)
        raise
    except Exception as exc:  # noqa: BLE001 - SMTP failures are many kinds; all are retried
        attempts = mail.attempts + 1
        failed = attempts >= settings.OUTBOX_MAX_ATTEMPTS
        mine.update(
            status=MailStatus.FAILED if failed else MailStatus.QUEUED,
            attempts=attempts,
            next_attempt_at=now + _backoff(attempts),
            last_error=f"{type(exc).__name__}: {exc}"[:2000],
            lease_until=None,
        )
        logger.warning("Outbox mail %s attempt %s failed: %s", mail_id, attempts, type(exc).__name__)
        return "failed" if failed else "retry"
    if not mine.update(
        status=MailStatus.SENT, attempts=mail.attempts + 1, sent_at=now, last_error="", lease_until=None
    ):
        # Only when this sender stalled past its lease while its keeper could not reach the database.
        logger.warning("Outbox mail %s sent after its claim was taken over", mail_id)
    return "sent"


def outbox_release_lapsed(*, now: datetime | None = None) -> int:
    """Return to the queue every mail whose sender's lease lapsed (the sender crashed or was killed)."""
    now = now or timezone.now()
    lapsed = Q(lease_until__lt=now) | Q(lease_until__isnull=True, claimed_at__lt=now - claim_lease())
    released = OutboxMail.objects.filter(lapsed, status=MailStatus.SENDING).update(
        status=MailStatus.QUEUED, lease_until=None
    )
    if released:
        logger.info("Outbox: %s mail(s) of a crashed sender back in the queue", released)
    return released


def outbox_send_due(*, now: datetime | None = None, budget: timedelta | None = None) -> dict[str, int]:
    """Send every queued mail that is due, one claimed row at a time; release claims of crashed senders.

    With a budget the sweep stops claiming once the budget is spent, so a task ends well before its time
    limit instead of being killed in the middle of an SMTP conversation; the sweep after it goes on.
    """
    now = now or timezone.now()
    started = time.monotonic()
    outbox_release_lapsed(now=now)
    counts: dict[str, int] = {}
    due = OutboxMail.objects.filter(status=MailStatus.QUEUED, next_attempt_at__lte=now)
    for mail_id in list(due.order_by("next_attempt_at", "id").values_list("pk", flat=True)[:5000]):
        if budget is not None and time.monotonic() - started > budget.total_seconds():
            break  # the next sweep goes on from here
        outcome = outbox_mail_send(mail_id=mail_id, now=now)
        counts[outcome] = counts.get(outcome, 0) + 1
    return counts


def outbox_mail_requeue(*, mail_id: int, acting_user: User) -> bool:
    """An administrator sends a failed mail again."""
    changed = OutboxMail.objects.filter(pk=mail_id, status=MailStatus.FAILED).update(
        status=MailStatus.QUEUED, attempts=0, next_attempt_at=timezone.now(), last_error=""
    )
    if changed:
        from portal import tasks
        from portal.lib.queue import ring_after_commit

        logger.info("Outbox mail %s requeued by user %s", mail_id, acting_user.pk)
        ring_after_commit(tasks.send_outbox_mail, mail_id)
    return bool(changed)


def notification_create(
    *, users: Iterable[User], key: str, title: str | Keyed, body: str | Keyed = "", url: str = ""
) -> int:
    """One bell line per (user, key); creating it again is harmless. Returns how many were new.

    Title and body given keyed (portal.lib.stored_text) show in each reader's language.
    """
    title_text, title_message = stored_text.split(title)
    body_text, body_message = stored_text.split(body)
    message = {name: m for name, m in (("title", title_message), ("body", body_message)) if m}
    rows = [
        Notification(user=user, key=key, title=title_text[:255], body=body_text, url=url, message=message)
        for user in users
    ]
    before = Notification.objects.filter(key=key).count()
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    return Notification.objects.filter(key=key).count() - before


def user_language_set(*, user: User, language: str) -> bool:
    """Keep the language a user chose with the switch, so that mails written to them are in it."""
    if language not in {code for code, _name in settings.LANGUAGES} or user.language == language:
        return False
    user.language = language
    User.objects.filter(pk=user.pk).update(language=language)
    return True


def notifications_mark_read(*, user: User, ids: Iterable[int] | None = None) -> int:
    qs = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    return qs.update(read_at=timezone.now())
