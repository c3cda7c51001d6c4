"""A gunicorn logger class whose access log carries no secret from a URL.

Run gunicorn with `--logger-class portal.security.gunicorn_logger.RedactingLogger`; whatever
`--access-logformat` says, the request line, path, query and headers are written with the calendar feed
token and the password reset link taken out.
"""

from gunicorn.glogging import Logger

from portal.security.redaction import redact


class RedactingLogger(Logger):
    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        # Every text atom: the request line and path, but also the Referer and any header a format names.
        for name, value in atoms.items():
            if isinstance(value, str):
                atoms[name] = redact(value)
        return atoms
