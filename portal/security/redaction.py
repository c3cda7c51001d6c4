"""Secrets that travel in URLs (the calendar feed token, password reset links) never reach a log line.

`RedactSecretsFilter` sits on the portal's log handlers; `redact()` is for code that writes a path itself;
`gunicorn_logger.RedactingLogger` keeps them out of gunicorn's access log.
"""

import logging
import re

# The feed token and the reset link's uid and token, wherever a path or a full URL shows up in a line.
_SECRET_PATHS = (
    (re.compile(r"(/kalender/feed/)[^/\s?#\"']+?(\.ics)"), r"\1[disembunyikan]\2"),
    (re.compile(r"(/akun/reset/)[^/\s?#\"']+/[^/\s?#\"']+/"), r"\1[disembunyikan]/"),
)


_FORMATTER = logging.Formatter()


def redact(text: str) -> str:
    for pattern, replacement in _SECRET_PATHS:
        text = pattern.sub(replacement, text)
    return text


class RedactSecretsFilter(logging.Filter):
    """Rewrites a record's message with the secrets taken out; never drops a record."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        if record.exc_info and not record.exc_text:
            # A traceback can quote the path too; format it now, redacted, and the formatter reuses it.
            record.exc_text = redact(_FORMATTER.formatException(record.exc_info))
        return True
