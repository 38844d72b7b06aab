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


# --- streamed files ---------------------------------------------------------------
#
# Large files (a case's evidence) are sealed in chunks, so that neither writing nor
# reading holds a whole file in memory. The layout:
#
#   b"kbs1:" <key id> b":" <salt, 32 bytes> <chunk size, 4 bytes big-endian>
#   then chunks: AES-256-GCM(<= chunk size bytes of plain text) + 16-byte tag
#
# Each file gets its own key: HKDF-SHA256 of the ring's key with the file's random
# salt, and the field's identity as ``info`` (a file moved to another field does not
# open). The nonce of chunk n is n (11 bytes, big-endian) plus one byte that is 1 on
# the last chunk only (the STREAM construction of Hoang, Reyhanitabar, Rogaway and
# Vizár): chunks cannot be reordered, dropped, repeated, taken from another file, or
# cut off or added at the end without the tag failing. The header is the associated
# data of every chunk: changing the key id, salt or chunk size fails too. A reader
# hands out only chunks whose tag it checked.

STREAM_PREFIX = b"kbs1:"
_STREAM_SALT_BYTES = 32
STREAM_CHUNK_BYTES = 64 * 1024
_TAG_BYTES = 16


def _stream_key(key: bytes, salt: bytes, context: str) -> AESGCM:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    derived = HKDF(
        algorithm=hashes.SHA256(),
        length=32,
        salt=salt,
        info=b"klankbord file stream v1|" + context.encode(),
    ).derive(key)
    return AESGCM(derived)


def _stream_nonce(counter: int, last: bool) -> bytes:
    return counter.to_bytes(11, "big") + (b"\x01" if last else b"\x00")


def is_stream_sealed(head: bytes) -> bool:
    return head.startswith(STREAM_PREFIX)


def stream_key_id(head: bytes) -> str | None:
    """The key id in a streamed file's first bytes (None if not sealed)."""
    if not is_stream_sealed(head):
        return None
    key_id, sep, _rest = head[len(STREAM_PREFIX) :].partition(b":")
    return key_id.decode("ascii", "replace") if sep else None


def _read_exactly(source, size: int) -> bytes:
    parts, wanted = [], size
    while wanted:
        part = source.read(wanted)
        if not part:
            break
        parts.append(part)
        wanted -= len(part)
    return b"".join(parts)


def seal_stream(
    chunks,
    context: str,
    *,
    chunk_size: int = STREAM_CHUNK_BYTES,
    keys: dict[str, bytes] | None = None,
):
    """Seal an iterable of plain ``bytes`` (any sizes) under the active key (or the
    one key of ``keys``, a ring of its own: the backups'); yields the sealed file
    piece by piece: the header, then one sealed chunk at a time."""
    key_id = next(iter(keys)) if keys else active_key_id()
    key = keys[key_id] if keys else all_keys()[key_id]
    salt = os.urandom(_STREAM_SALT_BYTES)
    header = (
        STREAM_PREFIX + key_id.encode() + b":" + salt + chunk_size.to_bytes(4, "big")
    )
    aead = _stream_key(key, salt, context)
    yield header
    buffer, counter = bytearray(), 0
    for piece in chunks:
        buffer += piece
        # Keep at least one byte back: only the end of the input knows the last chunk.
        while len(buffer) > chunk_size:
            plain = bytes(buffer[:chunk_size])
            del buffer[:chunk_size]
            yield aead.encrypt(_stream_nonce(counter, False), plain, header)
            counter += 1
    yield aead.encrypt(_stream_nonce(counter, True), bytes(buffer), header)


def open_stream(source, context: str, *, keys: dict[str, bytes] | None = None):
    """Read a file sealed by ``seal_stream`` from the binary file object ``source``;
    yields the plain text chunk by chunk, each after its tag was checked. Raises
    ``DecryptionError`` (possibly after some chunks were yielded) for an unknown key,
    a tampered, truncated or extended file."""
    try:
        prefix = _read_exactly(source, len(STREAM_PREFIX))
        if prefix != STREAM_PREFIX:
            raise ValueError("not a sealed stream")
        key_id = b""
        while (char := source.read(1)) != b":":
            if not char or len(key_id) > 64:
                raise ValueError("no key id")
            key_id += char
        salt = _read_exactly(source, _STREAM_SALT_BYTES)
        size_bytes = _read_exactly(source, 4)
        if len(salt) != _STREAM_SALT_BYTES or len(size_bytes) != 4:
            raise ValueError("short header")
        chunk_size = int.from_bytes(size_bytes, "big")
        if not 0 < chunk_size <= 16 * 1024 * 1024:
            raise ValueError("bad chunk size")
        header = prefix + key_id + b":" + salt + size_bytes
        ring = keys if keys is not None else all_keys()
        aead = _stream_key(ring[key_id.decode("ascii")], salt, context)
    except (ValueError, KeyError, UnicodeDecodeError) as error:
        raise DecryptionError(f"cannot decrypt a file of {context}") from error
    block = chunk_size + _TAG_BYTES
    counter = 0
    current = _read_exactly(source, block)
    while True:
        following = _read_exactly(source, block) if len(current) == block else b""
        last = not following
        try:
            yield aead.decrypt(_stream_nonce(counter, last), current, header)
        except (InvalidTag, ValueError) as error:
            raise DecryptionError(f"cannot decrypt a file of {context}") from error
        if last:
            return
        current, counter = following, counter + 1
