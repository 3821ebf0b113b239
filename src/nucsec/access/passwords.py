"""Password hashing with argon2 (argon2-cffi's recommended parameters).

The hasher and the dummy hash are made on first use, not at import: hashing costs a quarter of a
second by design, and every CLI command imports this module without checking a password.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from nucsec.errors import Invalid

if TYPE_CHECKING:
    from argon2 import PasswordHasher

MIN_LENGTH = 10
_hasher: PasswordHasher | None = None  # made on first use (tests swap in a faster one)


def _get_hasher() -> PasswordHasher:
    global _hasher
    if _hasher is None:
        from argon2 import PasswordHasher

        _hasher = PasswordHasher()
    return _hasher


@cache
def _dummy_hash() -> str:
    """Verified against when the user name is unknown, so both cases take the same time."""
    return _get_hasher().hash("nucsec-no-such-user")


def hash_password(password: str) -> str:
    if len(password) < MIN_LENGTH:
        raise Invalid(f"password: must be at least {MIN_LENGTH} characters")
    return _get_hasher().hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    from argon2.exceptions import InvalidHashError, VerificationError

    try:
        return (
            _get_hasher().verify(password_hash or _dummy_hash(), password)
            and password_hash is not None
        )
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _get_hasher().check_needs_rehash(password_hash)
