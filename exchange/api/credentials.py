"""Making and checking the web service's secrets: client ids, client secrets, bearer tokens, person hashes.

Secrets and tokens are 256 random bits (`secrets.token_urlsafe(32)`) and are stored as a plain SHA-256 digest.
A slow password hash (PBKDF2, Argon2) protects low-entropy human passwords against guessing after a leak of
the table; a 256-bit random value cannot be guessed whatever the digest, so a slow hash would add nothing but
a CPU cost an unauthenticated caller could trigger at will on the token endpoint, and it would make a token
check cost ~100 ms on every request. A digest also lets the token be found by an indexed lookup.

The NIP of a person served is kept in the exchange log only as an HMAC keyed by a key derived from
SECRET_KEY, so "who received this person's data" can be answered by anyone who can compute it (the portal),
but a leaked log table does not list NIPs, and a dictionary of all NIPs cannot be hashed without the key.
Rotating SECRET_KEY makes older person hashes unfindable (they stay in the chain, intact).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Iterable

from django.conf import settings
from django.utils.crypto import salted_hmac

CLIENT_ID_PREFIX = "pks_"
SECRET_BYTES = 32
PERSON_HASH_SALT = "exchange.api.person-served"


def new_client_id() -> str:
    return CLIENT_ID_PREFIX + secrets.token_hex(12)


def new_secret() -> str:
    return secrets.token_urlsafe(SECRET_BYTES)


def digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def matches(value: str, stored_digest: str) -> bool:
    """Constant-time comparison of a presented secret with the stored digest."""
    return bool(stored_digest) and hmac.compare_digest(digest(value), stored_digest)


def person_hash(nip: str) -> str:
    """The keyed hash of a NIP kept in the exchange log instead of the NIP."""
    return salted_hmac(PERSON_HASH_SALT, nip, algorithm="sha256").hexdigest()


def person_hashes(nips: Iterable[str]) -> list[str]:
    """person_hash of many NIPs with the key derived once (the same values: salted_hmac's own derivation)."""
    key = hashlib.sha256((PERSON_HASH_SALT + settings.SECRET_KEY).encode()).digest()
    return [hmac.new(key, nip.encode(), hashlib.sha256).hexdigest() for nip in nips]
