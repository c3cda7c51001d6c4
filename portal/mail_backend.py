"""An e-mail backend that writes Django's own mail (password reset, error reports) into the outbox."""

from django.core.mail.backends.base import BaseEmailBackend

from portal.services import Attachment, mail_enqueue


class OutboxBackend(BaseEmailBackend):
    def send_messages(self, email_messages) -> int:
        count = 0
        for message in email_messages:
            html = ""
            for content, mimetype in getattr(message, "alternatives", []):
                if mimetype == "text/html":
                    html = content
            attachments = [
                Attachment(
                    filename=a[0],
                    content=a[1] if isinstance(a[1], bytes) else a[1].encode(),
                    content_type=a[2],
                )
                for a in message.attachments
                if isinstance(a, tuple)
            ]
            if mail_enqueue(
                to=message.to,
                cc=message.cc,
                subject=message.subject,
                body_text=message.body,
                body_html=html,
                headers={k: str(v) for k, v in message.extra_headers.items()},
                attachments=attachments,
                from_email=message.from_email,
                kind="django",
            ):
                count += 1
        return count
