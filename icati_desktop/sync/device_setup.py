"""Give a new store its device: keys, the device row and the default content."""

from __future__ import annotations

import logging
from pathlib import Path

from icati_desktop.store.content import load_default_content
from icati_desktop.store.device import DeviceInfo, Role, create_device, read_device
from icati_desktop.store.store import Store
from icati_desktop.sync.identity import (
    load_or_create_age_identity,
    load_or_create_signing_identity,
)

log = logging.getLogger(__name__)


class AlreadyInitialised(RuntimeError):
    pass


def initialise_device(
    store: Store, role: Role, name: str, content: Path | None = None
) -> DeviceInfo:
    """Give a new store its device identity and the built-in default content.

    ``content`` is the content directory to load (default: the release the app ships).
    """
    name = name.strip()
    if not name:
        raise ValueError("a device needs a name (a person or an office): pass --name")
    with store.read() as session:
        existing = read_device(session)
    if existing is not None:
        raise AlreadyInitialised(
            f"this store is already set up as {existing.role.value} device "
            f"{existing.name!r} ({existing.device_id}); use another --data-dir for a new one"
        )
    identity = load_or_create_signing_identity(store.keys_dir, store.passphrase)
    load_or_create_age_identity(store.keys_dir, store.passphrase)
    with store.write() as tx:
        device = create_device(tx.session, identity.device_id, role, name)
        tx.note_changes(load_default_content(tx.session, content))
    log.info("initialised %s device %s", role.value, device.device_id)
    return device
