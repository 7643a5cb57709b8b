"""The editor's passphrase: a salted scrypt hash, a constant-time check, a lockout tracker.

No Streamlit and no default: the dashboard reads the hash from its secrets
(``[berdaya] editor_passphrase_hash``) or ``BERDAYA_EDITOR_PASSPHRASE_HASH`` and, with neither
set, keeps editing off. ``python -m analysis store hash-passphrase`` prints a hash to paste.

The encoded form carries its parameters, so they can be raised later without breaking the
hashes already configured: ``scrypt$n=32768,r=8,p=1$<salt base64>$<key base64>``.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field

#: scrypt cost: n=2**15, r=8 takes 32 MiB and about 0.1 s, the cost of one sign-in attempt.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**15, 8, 1
_KEY_BYTES = 32
_SALT_BYTES = 16


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def _scrypt(passphrase: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(
        passphrase.encode("utf-8"),
        salt=salt,
        n=n,
        r=r,
        p=p,
        maxmem=256 * n * r * p + 2**20,  # OpenSSL's 32 MiB default is just too small for n=2**15
        dklen=_KEY_BYTES,
    )


def hash_passphrase(
    passphrase: str, *, n: int = SCRYPT_N, r: int = SCRYPT_R, p: int = SCRYPT_P
) -> str:
    """The salted scrypt hash of ``passphrase``, parameters included.

    Raises
    ------
    ValueError
        An empty passphrase (there is no default password).

    Examples
    --------
    >>> h = hash_passphrase("correct horse", n=2**10)
    >>> h.startswith("scrypt$n=1024,r=8,p=1$"), verify_passphrase("correct horse", h)
    (True, True)
    """
    if not passphrase:
        raise ValueError("the passphrase is empty; choose one (there is no default)")
    salt = os.urandom(_SALT_BYTES)
    key = _scrypt(passphrase, salt, n, r, p)
    return f"scrypt$n={n},r={r},p={p}${_b64(salt)}${_b64(key)}"


def verify_passphrase(passphrase: str, encoded: str) -> bool:
    """Whether ``passphrase`` matches ``encoded`` (from :func:`hash_passphrase`).

    The keys are compared in constant time; a malformed ``encoded`` gives False, never an
    exception (a typo in the secrets must not open or crash the sign-in).
    """
    try:
        scheme, params, salt_b64, key_b64 = encoded.strip().split("$")
        if scheme != "scrypt":
            return False
        cost = dict(item.split("=") for item in params.split(","))
        n, r, p = int(cost["n"]), int(cost["r"]), int(cost["p"])
        salt, key = base64.b64decode(salt_b64), base64.b64decode(key_b64)
        if not (2 <= n <= 2**20 and 1 <= r <= 32 and 1 <= p <= 16) or not key:
            return False
        candidate = _scrypt(passphrase or "", salt, n, r, p)
    except (ValueError, KeyError, TypeError):
        return False
    return hmac.compare_digest(candidate[: len(key)], key) and len(key) == _KEY_BYTES


@dataclass
class Lockout:
    """Failed sign-ins per key (a session, a user name): a growing delay, then a lockout.

    Each failure asks for ``base_delay * 2**(failures - 1)`` seconds before the next try;
    ``max_failures`` failures in a row lock the key for ``lock_seconds``, doubled on each
    lockout after that. A success clears the key. Pure logic: the time comes from ``clock``
    (``time.monotonic`` by default; a test passes a fake one).

    Examples
    --------
    >>> now = [0.0]
    >>> lock = Lockout(max_failures=3, lock_seconds=60, clock=lambda: now[0])
    >>> for _ in range(3):
    ...     lock.record_failure("s")
    >>> lock.wait_seconds("s")
    60.0
    >>> now[0] = 61.0
    >>> lock.wait_seconds("s")
    0.0
    """

    max_failures: int = 5
    lock_seconds: float = 300.0
    base_delay: float = 1.0
    clock: Callable[[], float] = time.monotonic
    _failures: dict[str, int] = field(default_factory=dict, repr=False)
    _lockouts: dict[str, int] = field(default_factory=dict, repr=False)
    _until: dict[str, float] = field(default_factory=dict, repr=False)

    def wait_seconds(self, key: str) -> float:
        """Seconds before ``key`` may try again (0: now)."""
        return max(0.0, self._until.get(key, 0.0) - self.clock())

    def is_locked(self, key: str) -> bool:
        """Whether ``key`` is locked out (or still inside its delay)."""
        return self.wait_seconds(key) > 0

    def record_failure(self, key: str) -> float:
        """Count a failed attempt; returns the seconds to wait before the next one."""
        n = self._failures.get(key, 0) + 1
        if n >= self.max_failures:
            lockouts = self._lockouts.get(key, 0)
            wait = self.lock_seconds * 2**lockouts
            self._lockouts[key] = lockouts + 1
            self._failures[key] = 0
        else:
            wait = self.base_delay * 2 ** (n - 1)
            self._failures[key] = n
        self._until[key] = self.clock() + wait
        return float(wait)

    def record_success(self, key: str) -> None:
        """A correct passphrase: the key's failures and lockouts forgotten."""
        for d in (self._failures, self._lockouts, self._until):
            d.pop(key, None)
