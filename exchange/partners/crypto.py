"""Secrets at rest: Fernet with a key derived from SECRET_KEY by HKDF, so no second key needs keeping.

The derivation has its own `info` label: a key for partner credentials can never decrypt anything another
part of the portal derives from the same secret. Rotating SECRET_KEY makes stored secrets unreadable;
`decrypt` then returns "" and the credential page asks for them again.
"""

from __future__ import annotations

import base64
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

_INFO = b"portal-pks exchange.partners credentials v1"


@lru_cache(maxsize=4)
def _fernet(secret_key: str) -> Fernet:
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_INFO).derive(secret_key.encode())
    return Fernet(base64.urlsafe_b64encode(key))


def encrypt(plain: str) -> str:
    """The Fernet token of `plain` ("" stays "")."""
    if not plain:
        return ""
    return _fernet(settings.SECRET_KEY).encrypt(plain.encode()).decode()


def decrypt(token: str) -> str:
    """The plain text of a stored token; "" when empty or sealed with another key."""
    if not token:
        return ""
    try:
        return _fernet(settings.SECRET_KEY).decrypt(token.encode()).decode()
    except InvalidToken:
        return ""
