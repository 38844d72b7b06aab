"""Encryption at rest for free-text case content: AES-256-GCM, a key id in each value.

A stored value reads ``kb1:<key id>:<base64url(nonce || ciphertext || tag)>``. The
additional authenticated data is the field's identity (``cases.note.text``), so a
ciphertext copied into another column does not decrypt. Keys come from the
environment (``KLANKBORD_ENCRYPTION_KEYS``: ``id:base64key,id:base64key``; the active
one is ``KLANKBORD_ENCRYPTION_KEY_ID``), never from ``SECRET_KEY``. Old keys stay listed
until ``manage.py rotate_encryption_key`` has re-encrypted every value with the active
one.

Files (CVs) are sealed the same way, as bytes: ``kb1:<key id>:`` then the nonce, the
ciphertext and the tag, raw (``encrypt_bytes``); the associated data is the file
field's identity (``ambassadors.application.cv``).
"""

import base64
import binascii
import os
from functools import lru_cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

PREFIX = "kb1"
_NONCE_BYTES = 12

# The development and test key's id (config/settings.py): a published key protects
# nothing, so the deploy check (security.checks) refuses it.
DEV_KEY_ID = "dev-insecure"


class DecryptionError(Exception):
    """A stored value could not be decrypted (unknown key id or tampered data)."""


@lru_cache(maxsize=8)
def _parse_keys(spec: str) -> dict[str, bytes]:
    keys = {}
    for item in spec.split(","):
        item = item.strip()
        if not item:
            continue
        key_id, sep, encoded = item.partition(":")
        if not sep or not key_id or ":" in key_id:
            raise ImproperlyConfigured("KLANKBORD_ENCRYPTION_KEYS: use id:base64key")
        try:
            key = base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4))
        except (binascii.Error, ValueError) as error:
            raise ImproperlyConfigured(
                f"KLANKBORD_ENCRYPTION_KEYS: key {key_id} is not base64"
            ) from error
        if len(key) != 32:
            raise ImproperlyConfigured(
                f"KLANKBORD_ENCRYPTION_KEYS: key {key_id} is not 32 bytes (AES-256)"
            )
        keys[key_id] = key
    if not keys:
        raise ImproperlyConfigured("KLANKBORD_ENCRYPTION_KEYS holds no key.")
    return keys


def all_keys() -> dict[str, bytes]:
    return _parse_keys(settings.KLANKBORD_ENCRYPTION_KEYS)


def active_key_id() -> str:
    key_id = settings.KLANKBORD_ENCRYPTION_KEY_ID or next(iter(all_keys()))
    if key_id not in all_keys():
        raise ImproperlyConfigured(
            f"KLANKBORD_ENCRYPTION_KEY_ID {key_id} is not in KLANKBORD_ENCRYPTION_KEYS"
        )
    return key_id


def new_key() -> str:
    """A fresh key, base64url, for ``KLANKBORD_ENCRYPTION_KEYS``."""
    return base64.urlsafe_b64encode(AESGCM.generate_key(bit_length=256)).decode()


def is_encrypted(value) -> bool:
    return isinstance(value, str) and value.startswith(PREFIX + ":")


def key_id_of(value: str) -> str | None:
    if not is_encrypted(value):
        return None
    return value.split(":", 2)[1]


def encrypt(plaintext: str, context: str) -> str:
    key_id = active_key_id()
    nonce = os.urandom(_NONCE_BYTES)
    sealed = AESGCM(all_keys()[key_id]).encrypt(
        nonce, plaintext.encode("utf-8"), context.encode()
    )
    payload = base64.urlsafe_b64encode(nonce + sealed).decode().rstrip("=")
    return f"{PREFIX}:{key_id}:{payload}"


def decrypt(value: str, context: str) -> str:
    try:
        _prefix, key_id, payload = value.split(":", 2)
        raw = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
        key = all_keys()[key_id]
        plain = AESGCM(key).decrypt(
            raw[:_NONCE_BYTES], raw[_NONCE_BYTES:], context.encode()
        )
    except (ValueError, KeyError, InvalidTag, binascii.Error) as error:
        # The message names the key id only: never the value.
        raise DecryptionError(f"cannot decrypt a value of {context}") from error
    return plain.decode("utf-8")


# --- files ------------------------------------------------------------------------


def is_encrypted_bytes(data: bytes) -> bool:
    return data.startswith(PREFIX.encode() + b":")


def key_id_of_bytes(data: bytes) -> str | None:
    if not is_encrypted_bytes(data):
        return None
    key_id, sep, _rest = data[len(PREFIX) + 1 :].partition(b":")
    return key_id.decode("ascii", "replace") if sep else None


def encrypt_bytes(plain: bytes, context: str) -> bytes:
    """A file's content sealed under the active key: ``kb1:<key id>:`` + raw
    nonce, ciphertext and tag."""
    key_id = active_key_id()
    nonce = os.urandom(_NONCE_BYTES)
    sealed = AESGCM(all_keys()[key_id]).encrypt(nonce, plain, context.encode())
    return f"{PREFIX}:{key_id}:".encode() + nonce + sealed


def decrypt_bytes(data: bytes, context: str) -> bytes:
    try:
        if not is_encrypted_bytes(data):
            raise ValueError("not sealed")
        key_id, sep, raw = data[len(PREFIX) + 1 :].partition(b":")
        if not sep:
            raise ValueError("no key id")
        key = all_keys()[key_id.decode("ascii")]
        return AESGCM(key).decrypt(
            raw[:_NONCE_BYTES], raw[_NONCE_BYTES:], context.encode()
        )
    except (ValueError, KeyError, InvalidTag, UnicodeDecodeError) as error:
        raise DecryptionError(f"cannot decrypt a file of {context}") from error
