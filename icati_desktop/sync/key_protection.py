"""Re-sealing the device's private key files when its passphrase is set, changed or removed.

A change is staged: every key file is first written under a ``.pending`` name sealed the
new way, then the store is converted, then the pending files replace the old ones. If the
process stops in between, the next start keeps the pending files that open the way the
store now does and deletes the others, so the keys always agree with the store.
"""

from __future__ import annotations

import logging
from pathlib import Path

from icati_desktop.store.cipher import PassphraseError
from icati_desktop.sync.identity import (
    PENDING_SUFFIX,
    PRIVATE_KEY_FILES,
    is_protected,
    read_private_file,
    write_private_file,
)

log = logging.getLogger(__name__)


def _pending(path: Path) -> Path:
    return path.with_name(path.name + PENDING_SUFFIX)


def check_keys(keys_dir: Path, passphrase: str | None) -> None:
    """Raise a :class:`PassphraseError` unless every key file opens with ``passphrase``."""
    for name in PRIVATE_KEY_FILES:
        path = keys_dir / name
        if path.exists():
            read_private_file(path, passphrase)


def stage_keys(keys_dir: Path, old: str | None, new: str | None) -> None:
    """Write every key file again under a pending name, sealed with ``new``."""
    for name in PRIVATE_KEY_FILES:
        path = keys_dir / name
        if path.exists():
            write_private_file(_pending(path), read_private_file(path, old), new)


def _opens_as(path: Path, passphrase: str | None) -> bool:
    data = path.read_bytes()
    if is_protected(data) != (passphrase is not None):
        return False
    try:
        read_private_file(path, passphrase)
    except PassphraseError:
        return False
    return True


def commit_staged_keys(keys_dir: Path, passphrase: str | None) -> int:
    """Put the pending key files that open with ``passphrase`` in place; drop the others."""
    committed = 0
    for name in PRIVATE_KEY_FILES:
        pending = _pending(keys_dir / name)
        if not pending.exists():
            continue
        if _opens_as(pending, passphrase):
            pending.replace(keys_dir / name)
            committed += 1
        else:
            pending.unlink()
    return committed


def settle_keys(keys_dir: Path, passphrase: str | None) -> None:
    """Finish an interrupted change, and seal any key file still in clear on a protected
    device (so nothing is left readable behind)."""
    if not keys_dir.is_dir():
        return
    if commit_staged_keys(keys_dir, passphrase):
        log.info("finished re-sealing the device keys after an interrupted change")
    if passphrase is None:
        return
    for name in PRIVATE_KEY_FILES:
        path = keys_dir / name
        if path.exists() and not is_protected(path.read_bytes()):
            write_private_file(path, path.read_bytes(), passphrase)
            log.info("sealed %s with the device's passphrase", name)
