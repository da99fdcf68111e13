"""The trust store: enrolment, one HQ per field device, revocation that sticks."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from icati_desktop.store.store import Store
from icati_desktop.sync.cards import SignedCard, make_card
from icati_desktop.sync.identity import DeviceKeys, load_device_keys
from icati_desktop.sync.trust import (
    TrustError,
    apply_central_trust,
    enrolled_cards,
    list_trusted,
    lookup_signer,
    own_card,
    revoke,
    revoked_ids,
    trust_card,
    trusted_hq,
)
from tests.store.helpers import StoreFactory


def keys_of(store: Store) -> DeviceKeys:
    return load_device_keys(store.data_dir / "keys")


def card_of(store: Store) -> SignedCard:
    return own_card(store, keys_of(store))


def test_hq_enrols_a_field_device_and_the_field_device_trusts_its_hq(
    make_store: StoreFactory,
) -> None:
    hq, field = make_store(role="hq", name="HQ"), make_store(role="field", name="Amina")
    enrolled = trust_card(hq, card_of(field))
    assert (enrolled.role, enrolled.name, enrolled.source) == ("field", "Amina", "local")
    assert enrolled.fingerprint == card_of(field).fingerprint
    assert enrolled.revoked_at is None
    mine = trust_card(field, card_of(hq))
    assert mine.role == "hq"
    with field.read() as session:
        hq_entry = trusted_hq(session)
        assert hq_entry is not None
        assert hq_entry.device_id == card_of(hq).device_id
        assert hq_entry.age_recipient == keys_of(hq).age.recipient
        assert hq_entry.signing_key_bytes == keys_of(hq).signing.public_bytes
    with hq.read() as session:
        signer = lookup_signer(session, enrolled.device_id)
        assert signer == enrolled
        assert lookup_signer(session, "0" * 32) is None
    assert [d.device_id for d in list_trusted(hq)] == [enrolled.device_id]


def test_a_device_never_trusts_its_own_card(make_store: StoreFactory) -> None:
    hq = make_store(role="hq")
    with pytest.raises(TrustError, match="own identity card"):
        trust_card(hq, card_of(hq))
    assert list_trusted(hq) == []


def test_a_field_device_trusts_no_field_device(make_store: StoreFactory) -> None:
    one, two = make_store(role="field", name="One"), make_store(role="field", name="Two")
    with pytest.raises(TrustError, match="trusts only its central office"):
        trust_card(one, card_of(two))


def test_a_field_device_has_one_hq_until_it_is_revoked(make_store: StoreFactory) -> None:
    field = make_store(role="field")
    first, second = make_store(role="hq", name="Vienna"), make_store(role="hq", name="Nairobi")
    trust_card(field, card_of(first))
    with pytest.raises(TrustError, match=r"already trusts HQ 'Vienna'.*icati trust revoke"):
        trust_card(field, card_of(second))
    revoke(field, card_of(first).device_id)
    trust_card(field, card_of(second))
    with field.read() as session:
        hq = trusted_hq(session)
        assert hq is not None
        assert hq.name == "Nairobi"


def test_hq_may_trust_another_hq_device(make_store: StoreFactory) -> None:
    hq, other = make_store(role="hq", name="HQ"), make_store(role="hq", name="HQ backup")
    assert trust_card(hq, card_of(other)).role == "hq"


def test_adding_the_same_card_again_is_a_no_op(make_store: StoreFactory) -> None:
    hq, field = make_store(role="hq"), make_store(role="field")
    first = trust_card(hq, card_of(field))
    again = trust_card(hq, card_of(field))
    assert again == first
    assert len(list_trusted(hq)) == 1


def test_a_renamed_card_of_the_same_key_updates_the_name(make_store: StoreFactory) -> None:
    hq, field = make_store(role="hq"), make_store(role="field", name="Amina")
    trust_card(hq, card_of(field))
    renamed = make_card(keys_of(field), "field", "Amina K.", datetime.now(UTC))
    assert trust_card(hq, renamed).name == "Amina K."


def test_same_id_with_other_keys_or_role_is_refused(make_store: StoreFactory) -> None:
    hq, field = make_store(role="hq"), make_store(role="field")
    trust_card(hq, card_of(field))
    keys = keys_of(field)
    other_age = make_store(role="field", name="x")
    swapped = DeviceKeys(signing=keys.signing, age=keys_of(other_age).age)
    with pytest.raises(TrustError, match="other keys"):
        trust_card(hq, make_card(swapped, "field", "Amina", datetime.now(UTC)))
    with pytest.raises(TrustError, match="keeps its role"):
        trust_card(hq, make_card(keys, "hq", "Amina", datetime.now(UTC)))


def test_revoked_devices_stay_revoked(make_store: StoreFactory) -> None:
    hq, field = make_store(role="hq"), make_store(role="field")
    device_id = trust_card(hq, card_of(field)).device_id
    revoked = revoke(hq, device_id[:10])
    assert revoked.revoked_at is not None
    assert revoke(hq, device_id).revoked_at == revoked.revoked_at
    with pytest.raises(TrustError, match="revoked devices stay revoked; ask for a new device"):
        trust_card(hq, card_of(field))
    with hq.read() as session:
        signer = lookup_signer(session, device_id)
        assert signer is not None
        assert signer.revoked
        assert revoked_ids(session) == [device_id]
        assert enrolled_cards(session) == []


def test_revoking_an_unknown_device_says_so(make_store: StoreFactory) -> None:
    hq = make_store(role="hq")
    with pytest.raises(TrustError, match=r"no trusted device 'abc'.*icati trust list"):
        revoke(hq, "abc")


def test_a_tampered_card_is_not_trusted(make_store: StoreFactory) -> None:
    hq, field = make_store(role="hq"), make_store(role="field", name="Amina")
    data = card_of(field).to_dict()
    data["card"]["name"] = "Mallory"
    forged = SignedCard.model_validate(data)
    with pytest.raises(TrustError, match="signature does not match"):
        trust_card(hq, forged)


def test_central_trust_adds_enrolled_cards_without_overriding_local_ones(
    make_store: StoreFactory,
) -> None:
    hq, me = make_store(role="hq", name="HQ"), make_store(role="field", name="Me")
    peer, gone = make_store(role="field", name="Peer"), make_store(role="field", name="Gone")
    for store in (me, peer, gone):
        trust_card(hq, card_of(store))
    revoke(hq, card_of(gone).device_id)
    trust_card(me, card_of(hq))
    local_before = list_trusted(me)
    with hq.read() as session:
        enrolled = [json.loads(card.to_json()) for card in enrolled_cards(session)]
        enrolled.append(card_of(hq).to_dict())  # HQ itself, already local on the field device
        revoked = revoked_ids(session)
    with me.write() as tx:
        apply_central_trust(tx.session, enrolled, revoked)
    entries = {d.name: d for d in list_trusted(me)}
    assert set(entries) == {"HQ", "Peer"}  # not itself; a revoked id it never knew is ignored
    assert entries["HQ"] == local_before[0]
    assert entries["Peer"].source == "central"
    # HQ's revocation reaches entries that came from HQ, and a second apply changes nothing
    with me.write() as tx:
        apply_central_trust(tx.session, [], [card_of(peer).device_id])
        apply_central_trust(tx.session, enrolled, [card_of(peer).device_id])
    assert {d.name: d.revoked for d in list_trusted(me)} == {"HQ": False, "Peer": True}


def test_central_trust_refuses_a_broken_card(make_store: StoreFactory) -> None:
    hq, me = make_store(role="hq"), make_store(role="field")
    broken = card_of(hq).to_dict()
    broken["card"]["name"] = "Not signed"
    with pytest.raises(ValueError, match="signature"), me.write() as tx:
        apply_central_trust(tx.session, [broken], [])
    assert list_trusted(me) == []


def test_own_card_is_stable_and_verifies(make_store: StoreFactory) -> None:
    field = make_store(role="field", name="Amina")
    card = card_of(field)
    assert card.verify() is card
    assert card.card.role == "field"
    assert card.card.name == "Amina"
    assert card_of(field).to_json() == card.to_json()
