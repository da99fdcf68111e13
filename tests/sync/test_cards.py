"""Identity cards: signed by their own key, bound to their device id, hard to misread."""

from __future__ import annotations

import base64
import json
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from icati_desktop.sync.cards import (
    MAX_CARD_BYTES,
    CardError,
    IdentityCard,
    SignedCard,
    fingerprint,
    make_card,
    parse_card,
    read_card_file,
)
from icati_desktop.sync.identity import (
    AGE_IDENTITY_FILE,
    SIGNING_KEY_FILE,
    DeviceKeys,
    MissingDeviceKeys,
    load_age_identity_if_any,
    load_device_keys,
    load_or_create_age_identity,
    load_or_create_signing_identity,
)

CREATED = datetime(2025, 3, 1, 9, 30, tzinfo=UTC)


def keys_in(directory: Path) -> DeviceKeys:
    load_or_create_signing_identity(directory)
    load_or_create_age_identity(directory)
    return load_device_keys(directory)


@pytest.fixture
def keys(tmp_path: Path) -> DeviceKeys:
    return keys_in(tmp_path / "keys")


@pytest.fixture
def card(keys: DeviceKeys) -> SignedCard:
    return make_card(keys, "field", "Amina — Nairobi", CREATED)


def resign(card: dict[str, object], keys: DeviceKeys) -> dict[str, object]:
    body = IdentityCard.model_validate(card)
    signature = keys.signing.private_key.sign(body.signed_bytes())
    return {"card": card, "signature": base64.b64encode(signature).decode()}


def test_round_trip_through_the_file_format(card: SignedCard, keys: DeviceKeys) -> None:
    again = parse_card(card.to_json().encode())
    assert again == card
    assert again.device_id == keys.device_id
    assert again.card.age_recipient == keys.age.recipient
    assert again.card.created_at == CREATED
    assert json.loads(card.to_json())["card"]["created_at"] == "2025-03-01T09:30:00Z"


def test_the_same_device_makes_the_same_card_bytes(card: SignedCard, keys: DeviceKeys) -> None:
    assert make_card(keys, "field", "Amina — Nairobi", CREATED).to_json() == card.to_json()


def test_a_card_file_on_disk(card: SignedCard, tmp_path: Path) -> None:
    path = tmp_path / "amina.icati-card"
    path.write_text(card.to_json(), encoding="utf-8")
    assert read_card_file(path) == card


@pytest.mark.parametrize(
    ("field", "value"),
    [("name", "Someone else"), ("role", "hq"), ("created_at", "2030-01-01T00:00:00Z")],
)
def test_a_tampered_card_is_refused(card: SignedCard, field: str, value: str) -> None:
    data = card.to_dict()
    data["card"][field] = value
    with pytest.raises(CardError, match="signature does not match"):
        parse_card(json.dumps(data))


def test_a_swapped_age_recipient_is_refused(card: SignedCard, tmp_path: Path) -> None:
    other = keys_in(tmp_path / "other")
    data = card.to_dict()
    data["card"]["age_recipient"] = other.age.recipient
    with pytest.raises(CardError, match="signature does not match"):
        parse_card(json.dumps(data))


def test_a_card_cannot_claim_another_devices_id(card: SignedCard, tmp_path: Path) -> None:
    """Even correctly self-signed, a card must carry the id of its own key."""
    mallory = keys_in(tmp_path / "mallory")
    forged = card.to_dict()["card"] | {
        "signing_key": mallory.signing_key_b64,
        "age_recipient": mallory.age.recipient,
    }
    with pytest.raises(CardError, match="not the id of its signing key"):
        parse_card(json.dumps(resign(forged, mallory)))


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x89PNG\r\n", "not JSON"),
        (b"[1, 2]", "not an identity card"),
        (b'{"card": 3, "signature": "x"}', "not an identity card"),
        (b'{"card": {"format": "icati-bundle"}, "signature": ""}', "format 'icati-bundle'"),
        (
            b'{"card": {"format": "icati-identity", "format_version": 2}, "signature": ""}',
            "format version 2",
        ),
        (
            b'{"card": {"format": "icati-identity", "format_version": 1}, "signature": ""}',
            "identity card is invalid",
        ),
    ],
)
def test_what_is_not_a_card_gets_one_clear_line(content: bytes, message: str) -> None:
    with pytest.raises(CardError, match=re.escape(message)) as info:
        parse_card(content)
    assert "\n" not in str(info.value)


def test_extra_fields_and_bad_signatures_are_refused(card: SignedCard) -> None:
    data = card.to_dict()
    data["card"]["admin"] = True
    with pytest.raises(CardError, match="invalid"):
        parse_card(json.dumps(data))
    data = card.to_dict()
    data["signature"] = base64.b64encode(b"\0" * 64).decode()
    with pytest.raises(CardError, match="signature does not match"):
        parse_card(json.dumps(data))


def test_an_oversized_file_is_refused_before_parsing(tmp_path: Path) -> None:
    path = tmp_path / "big.json"
    path.write_bytes(b" " * (MAX_CARD_BYTES + 1))
    with pytest.raises(CardError, match="far too large"):
        read_card_file(path)


def test_a_missing_file_is_a_card_error(tmp_path: Path) -> None:
    with pytest.raises(CardError, match="cannot read"):
        read_card_file(tmp_path / "nope.json")


def test_fingerprint_is_stable_and_easy_to_read_aloud() -> None:
    key = bytes(range(32))
    assert fingerprint(key) == fingerprint(bytes(range(32)))
    assert re.fullmatch(r"[A-Z2-7]{4}(-[A-Z2-7]{4}){4}", fingerprint(key))
    assert fingerprint(key) != fingerprint(bytes(range(1, 33)))
    # pinned: the fingerprint is published, so it must never change between releases
    assert fingerprint(bytes(32)) == "MZUH-VLPY-MK6X-O3EP-YGFY"


def test_card_fingerprint_is_the_keys(card: SignedCard, keys: DeviceKeys) -> None:
    assert card.fingerprint == fingerprint(keys.signing.public_bytes)


def test_key_files_are_private_and_reloaded(tmp_path: Path) -> None:
    directory = tmp_path / "keys"
    first = keys_in(directory)
    for name in (SIGNING_KEY_FILE, AGE_IDENTITY_FILE):
        assert (directory / name).stat().st_mode & 0o777 == 0o600
    again = load_device_keys(directory)
    assert again.device_id == first.device_id
    assert again.age == first.age
    assert again.age.secret.startswith("AGE-SECRET-KEY-1")
    assert again.age.recipient.startswith("age1")
    identity = load_age_identity_if_any(directory)
    assert identity is not None
    assert str(identity.to_public()) == first.age.recipient


def test_missing_keys_say_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(MissingDeviceKeys, match="run icati init"):
        load_device_keys(tmp_path / "keys")
    assert load_age_identity_if_any(tmp_path / "keys") is None


def test_a_damaged_age_identity_file_is_reported(tmp_path: Path) -> None:
    directory = tmp_path / "keys"
    keys_in(directory)
    (directory / AGE_IDENTITY_FILE).write_text("AGE-SECRET-KEY-1NOPE\n")
    with pytest.raises(ValueError, match="does not hold an age identity"):
        load_device_keys(directory)
