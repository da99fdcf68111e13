"""The device's keys, kept under the data directory: Ed25519 signing and age encryption.

The device id is derived from the signing public key, so a version's origin names the
key that may sign it. The age (X25519) identity receives field bundles encrypted to
this device. Private keys are written with 0600 permissions, atomically.

On a device protected by a passphrase both key files are age-encrypted with it (the
``scrypt`` recipient: the same format as ``age -p``, so ``age -d`` reads them too).
Decrypting costs about a second by design; a decrypted key is kept in memory for the
life of the process, as the passphrase is.
"""

from __future__ import annotations

import base64
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from pyrage import DecryptError, x25519
from pyrage import passphrase as age_passphrase

from icati_desktop.store.cipher import PassphraseError, WrongPassphrase, normalise_passphrase

SIGNING_KEY_FILE = "signing-key.pem"
AGE_IDENTITY_FILE = "age-identity.txt"
PRIVATE_KEY_FILES = (SIGNING_KEY_FILE, AGE_IDENTITY_FILE)
PENDING_SUFFIX = ".pending"
AGE_ARMOR = b"-----BEGIN AGE ENCRYPTED FILE-----"
AGE_BINARY = b"age-encryption.org/v1"


class MissingDeviceKeys(RuntimeError):
    def __init__(self, keys_dir: Path) -> None:
        super().__init__(f"this device has no keys in {keys_dir}: run icati init")


class KeysLocked(PassphraseError):
    def __init__(self, path: Path) -> None:
        super().__init__(
            f"{path} is protected by the device's passphrase: give it "
            "(set ICATI_PASSPHRASE for scripts)"
        )


def is_protected(data: bytes) -> bool:
    """Whether a key file's bytes are age-encrypted with a passphrase."""
    return data.startswith((AGE_ARMOR, AGE_BINARY))


_OPENED: dict[tuple[bytes, str], bytes] = {}
"""Sealed key files already opened (or just sealed) in this process: scrypt runs once each."""


def _remember(sealed: bytes, passphrase: str, data: bytes) -> None:
    if len(_OPENED) >= 16:
        _OPENED.clear()
    _OPENED[(sealed, passphrase)] = data


def _decrypt(data: bytes, passphrase: str) -> bytes:
    opened = _OPENED.get((data, passphrase))
    if opened is None:
        opened = bytes(age_passphrase.decrypt(data, passphrase))
        _remember(data, passphrase, opened)
    return opened


def read_private_file(path: Path, passphrase: str | None) -> bytes:
    """A private key file's content, decrypted with ``passphrase`` when it is protected."""
    data = path.read_bytes()
    if not is_protected(data):
        return data
    if passphrase is None:
        raise KeysLocked(path)
    try:
        return _decrypt(data, normalise_passphrase(passphrase))
    except DecryptError as exc:
        raise WrongPassphrase(path) from exc


def seal(data: bytes, passphrase: str | None) -> bytes:
    """What a private key file holds: ``data`` itself, or age-encrypted with ``passphrase``."""
    if passphrase is None:
        return data
    passphrase = normalise_passphrase(passphrase)
    sealed = bytes(age_passphrase.encrypt(data, passphrase, armored=True))
    _remember(sealed, passphrase, data)
    return sealed


@dataclass(frozen=True)
class SigningIdentity:
    private_key: Ed25519PrivateKey

    @property
    def public_key(self) -> Ed25519PublicKey:
        return self.private_key.public_key()

    @property
    def public_bytes(self) -> bytes:
        return self.public_key.public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw
        )

    @property
    def device_id(self) -> str:
        return device_id_for(self.public_bytes)


def device_id_for(public_key: bytes) -> str:
    """128 bits of the public key's SHA-256, as 32 hex characters."""
    return hashlib.sha256(public_key).hexdigest()[:32]


def write_private_file(path: Path, data: bytes, passphrase: str | None = None) -> None:
    """Write ``data`` (sealed with ``passphrase`` if one is given) 0600, atomically."""
    data = seal(data, passphrase)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)
    tmp.replace(path)


def load_or_create_signing_identity(
    keys_dir: Path, passphrase: str | None = None
) -> SigningIdentity:
    path = keys_dir / SIGNING_KEY_FILE
    if path.exists():
        pem = read_private_file(path, passphrase)
        key = serialization.load_pem_private_key(pem, password=None)
        if not isinstance(key, Ed25519PrivateKey):
            raise ValueError(f"{path} is not an Ed25519 key")
        return SigningIdentity(key)
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    write_private_file(path, pem, passphrase)
    return SigningIdentity(key)


@dataclass(frozen=True)
class AgeIdentity:
    """An age X25519 identity: ``secret`` is ``AGE-SECRET-KEY-1…``, ``recipient`` ``age1…``."""

    secret: str
    recipient: str

    def identity(self) -> x25519.Identity:
        """The pyrage object, for decrypting."""
        return x25519.Identity.from_str(self.secret)


def _age_from_secret(secret: str, where: Path) -> AgeIdentity:
    try:
        identity = x25519.Identity.from_str(secret)
    except Exception as exc:  # pyrage raises its own IdentityError
        raise ValueError(f"{where} does not hold an age identity ({exc})") from exc
    return AgeIdentity(secret=str(identity), recipient=str(identity.to_public()))


def load_or_create_age_identity(keys_dir: Path, passphrase: str | None = None) -> AgeIdentity:
    path = keys_dir / AGE_IDENTITY_FILE
    if path.exists():
        lines = [
            line.strip()
            for line in read_private_file(path, passphrase).decode("ascii").splitlines()
            if line.strip() and not line.startswith("#")
        ]
        if len(lines) != 1:
            raise ValueError(f"{path} does not hold exactly one age identity")
        return _age_from_secret(lines[0], path)
    identity = x25519.Identity.generate()
    age = AgeIdentity(secret=str(identity), recipient=str(identity.to_public()))
    text = f"# public key: {age.recipient}\n{age.secret}\n"
    write_private_file(path, text.encode("ascii"), passphrase)
    return age


@dataclass(frozen=True)
class DeviceKeys:
    """Everything secret this device holds: its signing key and its age identity."""

    signing: SigningIdentity
    age: AgeIdentity

    @property
    def device_id(self) -> str:
        return self.signing.device_id

    @property
    def signing_key_b64(self) -> str:
        """The Ed25519 public key as it appears in cards and manifests (base64, 32 bytes)."""
        return base64.b64encode(self.signing.public_bytes).decode("ascii")


def load_age_identity_if_any(
    keys_dir: Path, passphrase: str | None = None
) -> x25519.Identity | None:
    """This device's age identity for decrypting, or None if it has none (never creates)."""
    if not (keys_dir / AGE_IDENTITY_FILE).exists():
        return None
    return load_or_create_age_identity(keys_dir, passphrase).identity()


def load_device_keys(keys_dir: Path, passphrase: str | None = None) -> DeviceKeys:
    """The keys of an initialised device; never creates them."""
    if not (keys_dir / SIGNING_KEY_FILE).exists() or not (keys_dir / AGE_IDENTITY_FILE).exists():
        raise MissingDeviceKeys(keys_dir)
    return DeviceKeys(
        signing=load_or_create_signing_identity(keys_dir, passphrase),
        age=load_or_create_age_identity(keys_dir, passphrase),
    )
