"""Editor passphrase: salted scrypt hash, constant-time check, growing delay and lockout."""

from __future__ import annotations

import hashlib

import pytest

from analysis.store.auth import Lockout, hash_passphrase, verify_passphrase


def test_hash_and_verify() -> None:
    h = hash_passphrase("kopwan jember 2023")
    scheme, params, _salt, _key = h.split("$")
    assert (scheme, params) == ("scrypt", "n=32768,r=8,p=1")
    assert verify_passphrase("kopwan jember 2023", h)
    assert not verify_passphrase("kopwan jember 2024", h)
    assert not verify_passphrase("", h)
    assert "kopwan" not in h


def test_the_hash_is_plain_scrypt_with_its_salt() -> None:
    # an independent computation with hashlib from the encoded salt and parameters
    import base64

    h = hash_passphrase("abc", n=2**10, r=8, p=1)
    _, _, salt, key = h.split("$")
    expected = hashlib.scrypt(b"abc", salt=base64.b64decode(salt), n=1024, r=8, p=1, dklen=32)
    assert base64.b64decode(key) == expected


def test_salts_differ_and_there_is_no_empty_passphrase() -> None:
    assert hash_passphrase("same", n=2**10) != hash_passphrase("same", n=2**10)
    with pytest.raises(ValueError, match="empty"):
        hash_passphrase("")


@pytest.mark.parametrize(
    "encoded",
    ["", "plain", "bcrypt$x$y$z", "scrypt$n=abc$AA==$AA==", "scrypt$n=1024,r=8,p=1$!!$??",
     "scrypt$n=1024,r=8,p=1$AAAA$AAAA", "scrypt$n=4194304,r=8,p=1$AAAA$" + "A" * 44],
)  # fmt: skip
def test_a_malformed_hash_never_matches_nor_raises(encoded: str) -> None:
    assert verify_passphrase("anything", encoded) is False


def test_lockout_delay_grows_then_locks_and_success_clears() -> None:
    now = [100.0]
    lock = Lockout(max_failures=4, lock_seconds=300, base_delay=1.0, clock=lambda: now[0])
    assert lock.wait_seconds("s") == 0 and not lock.is_locked("s")
    assert [lock.record_failure("s") for _ in range(3)] == [1.0, 2.0, 4.0]  # 1 * 2**(k-1)
    assert lock.wait_seconds("s") == 4.0
    assert lock.record_failure("s") == 300.0  # the fourth failure: locked
    now[0] += 299
    assert lock.is_locked("s") and lock.wait_seconds("s") == pytest.approx(1.0)
    assert not lock.is_locked("other")  # per key
    now[0] += 2
    assert not lock.is_locked("s")
    for _ in range(3):
        lock.record_failure("s")
    assert lock.record_failure("s") == 600.0  # a second lockout lasts twice as long
    lock.record_success("s")
    assert not lock.is_locked("s") and lock.record_failure("s") == 1.0
