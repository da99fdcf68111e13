"""What a store holds, in a few numbers (``icati info`` and the main window)."""

from __future__ import annotations

from pydantic import BaseModel
from sqlalchemy import func, select

from icati_desktop.store.content import RELEASE_SETTING
from icati_desktop.store.device import read_device
from icati_desktop.store.store import Store
from icati_desktop.store.tables.core import RecordRow, SettingRow, VersionRow


class StoreSummary(BaseModel):
    database: str
    data_dir: str
    encrypted: bool = False
    device_id: str | None
    role: str | None
    name: str | None
    content_release: str | None
    versions: int
    records: dict[str, int]
    conflicts: int

    def as_text(self) -> str:
        lines = [
            f"database: {self.database}"
            + (" (encrypted with the device's passphrase)" if self.encrypted else ""),
            f"data directory: {self.data_dir}",
            f"device: {self.name} ({self.role}, {self.device_id})"
            if self.device_id
            else "device: not set up yet (run `icati init`)",
            f"default content: {self.content_release or 'not loaded'}",
            f"versions: {self.versions}; open conflicts: {self.conflicts}",
        ]
        lines += [f"  {kind}: {count}" for kind, count in sorted(self.records.items())]
        return "\n".join(lines)


def store_summary(store: Store) -> StoreSummary:
    with store.read() as session:
        device = read_device(session)
        release = session.get(SettingRow, RELEASE_SETTING)
        versions = session.execute(select(func.count()).select_from(VersionRow)).scalar_one()
        counts = session.execute(
            select(RecordRow.record_type, func.count())
            .where(RecordRow.deleted.is_(False))
            .group_by(RecordRow.record_type)
        )
        records = dict(counts.all())
        conflicts = session.execute(
            select(func.count()).select_from(RecordRow).where(RecordRow.in_conflict.is_(True))
        ).scalar_one()
    return StoreSummary(
        database=store.url,
        data_dir=str(store.data_dir),
        encrypted=store.is_encrypted,
        device_id=device.device_id if device else None,
        role=device.role.value if device else None,
        name=device.name if device else None,
        content_release=release.value if release else None,
        versions=versions,
        records=records,
        conflicts=conflicts,
    )
