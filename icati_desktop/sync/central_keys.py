"""HQ's keys on a computer connected to a central store.

Everyone at HQ works as one device, the central office (see docs/decisions.md): one
device id, one clock, one pair of keys. The keys live in the data directory of the
computer that set the central store up; another computer holds them only if they were
copied there. Working on records needs no key. Signing central bundles and opening
field bundles need HQ's keys, and keys of another device must never be used for that:
a central bundle signed by them would be refused by every field device.
"""

from __future__ import annotations

from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from icati_desktop.i18n import _
from icati_desktop.store.device import read_device
from icati_desktop.store.store import Store
from icati_desktop.sync.identity import SIGNING_KEY_FILE, device_id_for, is_protected


class OtherDeviceKeys(RuntimeError):
    """The data directory holds the keys of a device other than the central store's."""


def keys_device_id(keys_dir: Path) -> str | None:
    """The device id of the signing key in ``keys_dir``; None when there is none, or when
    it is sealed with a passphrase (then it cannot be told without it)."""
    path = keys_dir / SIGNING_KEY_FILE
    if not path.is_file():
        return None
    data = path.read_bytes()
    if is_protected(data):
        return None
    key = serialization.load_pem_private_key(data, password=None)
    if not isinstance(key, Ed25519PrivateKey):
        return None
    return device_id_for(
        key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    )


def check_central_keys(store: Store) -> None:
    """Refuse a central store opened from a data directory holding another device's keys."""
    if store.is_sqlite:
        return
    with store.read() as session:
        device = read_device(session)
    found = keys_device_id(store.keys_dir)
    if device is None or found is None or found == device.device_id:
        return
    raise OtherDeviceKeys(
        _(
            "The data folder {folder} holds the keys of another device, not those of the "
            "central database's office ({name}): connect from another data folder "
            "(--data-dir)."
        ).format(folder=store.data_dir, name=device.name)
    )


def holds_hq_keys(store: Store) -> bool:
    """Whether this computer holds the central office's own signing key."""
    with store.read() as session:
        device = read_device(session)
    return device is not None and keys_device_id(store.keys_dir) == device.device_id
