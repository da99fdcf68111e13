"""The main window's database jobs. They run on the database thread and import the store
there, so nothing of the database layer is loaded before the window first paints."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from icati_desktop.store.roles import Role
    from icati_desktop.store.store import Store
    from icati_desktop.store.summary import StoreSummary
    from icati_desktop.store.sync_state import BundleLogEntry
    from icati_desktop.store.sync_status import SyncStatus


def summary_job(store: Store) -> StoreSummary:
    from icati_desktop.store.summary import store_summary

    return store_summary(store)


def status_job(store: Store) -> SyncStatus:
    from icati_desktop.store.sync_status import sync_status

    with store.read() as session:
        return sync_status(session)


def history_job(store: Store) -> list[BundleLogEntry]:
    from icati_desktop.store.sync_state import bundle_history

    with store.read() as session:
        return bundle_history(session)


def about_job(store: Store) -> dict[str, str]:
    from icati_desktop.store.summary import store_summary
    from icati_desktop.sync.identity import load_device_keys
    from icati_desktop.sync.trust import own_card

    summary = store_summary(store)
    card = own_card(store, load_device_keys(store.keys_dir, store.passphrase)).card
    return {
        "data_dir": summary.data_dir,
        "database": summary.database,
        "device_id": card.device_id,
        "role": card.role,
        "fingerprint": card.fingerprint,
    }


def role_job(store: Store) -> Role:
    from icati_desktop.store.device import require_device

    with store.read() as session:
        return require_device(session).role
