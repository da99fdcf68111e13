"""Identity cards: a device's public keys, signed by the device itself.

A card file is JSON ``{"card": {...}, "signature": "..."}``. The signature is Ed25519,
by the card's own signing key, over the canonical JSON bytes of the card (see
:mod:`icati_desktop.versioning.canonical`). A card is valid only if that signature verifies
*and* its ``device_id`` is the id derived from its signing key: the holder of the key
made the card, and a card cannot claim another device's id.

A valid signature proves possession of the key, not who the device belongs to: people
compare the :func:`fingerprint` over the phone before trusting a card.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import re
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any, Final, Literal

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SerializerFunctionWrapHandler,
    ValidationError,
    field_validator,
    model_serializer,
)
from pyrage import x25519

from icati_desktop.domain.base import UtcDatetime
from icati_desktop.sync.identity import DeviceKeys, device_id_for
from icati_desktop.versioning.canonical import canonical_bytes, canonical_json

CARD_FORMAT: Final = "icati-identity"
CARD_FORMAT_VERSION: Final = 1
MAX_CARD_BYTES = 64 * 1024

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_ALPHA3 = re.compile(r"^[A-Z]{3}$")
MAX_PROPOSED_COUNTRIES = 300


class CardError(ValueError):
    """An identity card that cannot be used; the message is one line for people."""


def fingerprint(signing_key: bytes) -> str:
    """What people read aloud to compare a key: e.g. ``K7QX-3MPA-R2TD-WZ4E-HNB6``.

    The first 100 bits of the SHA-256 of the raw 32-byte Ed25519 public key, in RFC 4648
    base32 (letters A–Z and digits 2–7 only, so no 0/O or 1/I confusion), as 5 groups of
    4 characters. 100 bits make a forged key with the same fingerprint out of reach.
    """
    text = base64.b32encode(hashlib.sha256(signing_key).digest()[:13]).decode("ascii")[:20]
    return "-".join(text[i : i + 4] for i in range(0, 20, 4))


def decode_signing_key(text: str) -> bytes:
    """The raw 32 bytes of a base64 Ed25519 public key, or :class:`CardError`."""
    try:
        raw = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise CardError("the signing key is not valid base64") from exc
    if len(raw) != 32:
        raise CardError(f"the signing key has {len(raw)} bytes instead of 32")
    return raw


class IdentityCard(BaseModel):
    """A device's public identity, as exchanged between devices (never its secrets)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    format: Literal["icati-identity"] = CARD_FORMAT
    format_version: Literal[1] = CARD_FORMAT_VERSION
    device_id: Annotated[str, Field(pattern=r"^[0-9a-f]{32}$")]
    role: Literal["field", "hq"]
    name: Annotated[str, Field(min_length=1, max_length=200)]
    signing_key: Annotated[str, Field(min_length=44, max_length=44)]
    """Ed25519 public key: standard base64 of the 32 raw bytes."""
    age_recipient: Annotated[str, Field(pattern=r"^age1[02-9ac-hj-np-z]{58}$")]
    """The age X25519 recipient (``age1…``) that bundles for this device are encrypted to."""
    created_at: UtcDatetime
    countries: Annotated[
        list[Annotated[str, Field(pattern=r"^[A-Z]{3}$")]],
        Field(
            max_length=MAX_PROPOSED_COUNTRIES,
            json_schema_extra={"minItems": 1, "x-icati-omit-when-empty": True},
        ),
    ] = []
    """The countries the device's user works on (ISO alpha-3, sorted): a proposal HQ confirms
    or changes when it enrols the device. Left out of the card when empty, so a card
    without countries has exactly the eight keys of the first card format."""

    @field_validator("countries")
    @classmethod
    def _country_codes(cls, value: list[str]) -> list[str]:
        if any(not _ALPHA3.match(code) for code in value) or value != sorted(set(value)):
            raise ValueError("countries are ISO alpha-3 codes, once each, in alphabetical order")
        return value

    @model_serializer(mode="wrap")
    def _without_empty_countries(self, handler: SerializerFunctionWrapHandler) -> Any:
        data = handler(self)
        if isinstance(data, dict) and not data.get("countries"):
            data.pop("countries", None)
        return data

    @field_validator("name")
    @classmethod
    def _plain_name(cls, value: str) -> str:
        if _CONTROL.search(value) or value != value.strip():
            raise ValueError("a name has no control characters or surrounding spaces")
        return value

    @property
    def signing_key_bytes(self) -> bytes:
        return decode_signing_key(self.signing_key)

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.signing_key_bytes)

    def signed_bytes(self) -> bytes:
        """The exact bytes the signature covers."""
        return canonical_bytes(self.model_dump(mode="json"))


class SignedCard(BaseModel):
    """The card file: a card and its self-signature (base64 of 64 bytes)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    card: IdentityCard
    signature: Annotated[str, Field(min_length=88, max_length=88)]

    @property
    def device_id(self) -> str:
        return self.card.device_id

    @property
    def fingerprint(self) -> str:
        return self.card.fingerprint

    def verify(self) -> SignedCard:
        """Check the self-signature and that the id belongs to the key; return self."""
        key = self.card.signing_key_bytes
        if device_id_for(key) != self.card.device_id:
            raise CardError(
                f"the card claims device id {self.card.device_id}, which is not the id of "
                "its signing key: refused"
            )
        try:
            signature = base64.b64decode(self.signature, validate=True)
            Ed25519PublicKey.from_public_bytes(key).verify(signature, self.card.signed_bytes())
        except (binascii.Error, ValueError, InvalidSignature) as exc:
            raise CardError(
                "the card's signature does not match its content: it was altered or "
                "damaged; ask for a fresh export"
            ) from exc
        try:
            x25519.Recipient.from_str(self.card.age_recipient)
        except Exception as exc:  # pyrage raises its own RecipientError
            raise CardError("the card's age recipient is not a valid age key") from exc
        return self

    def to_dict(self) -> dict[str, Any]:
        return self.model_dump(mode="json")

    def to_json(self) -> str:
        """The canonical text of the card file (also how trust stores keep it)."""
        return canonical_json(self.to_dict())


def make_card(
    keys: DeviceKeys,
    role: str,
    name: str,
    created_at: datetime,
    countries: Iterable[str] = (),
) -> SignedCard:
    """This device's card, signed with its own key (deterministic for equal inputs)."""
    card = IdentityCard.model_validate(
        {
            "device_id": keys.device_id,
            "role": role,
            "name": name,
            "signing_key": keys.signing_key_b64,
            "age_recipient": keys.age.recipient,
            "created_at": created_at,
            "countries": sorted(set(countries)),
        }
    )
    signature = keys.signing.private_key.sign(card.signed_bytes())
    return SignedCard(card=card, signature=base64.b64encode(signature).decode("ascii"))


def _first_problem(exc: ValidationError) -> str:
    first = exc.errors()[0]
    where = ".".join(str(p) for p in first["loc"]) or "the file"
    return f"{where}: {first['msg']}"


def parse_card(data: bytes | str | dict[str, Any]) -> SignedCard:
    """Parse and verify a card file's content (bytes, text or an already parsed object)."""
    if isinstance(data, (bytes, str)):
        size = len(data.encode("utf-8") if isinstance(data, str) else data)
        if size > MAX_CARD_BYTES:
            raise CardError(
                f"this file is {size} bytes, far too large for an identity card "
                f"(at most {MAX_CARD_BYTES}): is it the right file?"
            )
        try:
            data = json.loads(data)
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise CardError(
                "this is not an identity card (not JSON): export one with `icati identity export`"
            ) from exc
    if not isinstance(data, dict) or not isinstance(data.get("card"), dict):
        raise CardError("this is not an identity card: export one with `icati identity export`")
    card = data["card"]
    if card.get("format") != CARD_FORMAT:
        raise CardError(
            f"this is not an identity card (format {str(card.get('format'))[:40]!r}, "
            f"expected {CARD_FORMAT!r})"
        )
    if card.get("format_version") != CARD_FORMAT_VERSION:
        raise CardError(
            f"this identity card has format version {str(card.get('format_version'))[:20]}; "
            f"this program reads version {CARD_FORMAT_VERSION}: update ICATI Desktop"
        )
    try:
        signed = SignedCard.model_validate(data)
    except ValidationError as exc:
        raise CardError(f"the identity card is invalid ({_first_problem(exc)})") from exc
    return signed.verify()


def read_card_file(path: Path) -> SignedCard:
    """Read and verify a card file, refusing anything larger than a card can be."""
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_CARD_BYTES + 1)
    except OSError as exc:
        raise CardError(f"cannot read {path}: {exc.strerror or exc}") from exc
    return parse_card(data)
