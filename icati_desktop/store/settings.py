"""Store-level settings (key → JSON value)."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy.orm import Session

from icati_desktop.store.tables.core import SettingRow


def get_setting(session: Session, key: str, default: Any = None) -> Any:
    row = session.get(SettingRow, key)
    if row is None:
        return default
    try:
        return json.loads(row.value)
    except ValueError:
        return row.value


def set_setting(session: Session, key: str, value: Any) -> None:
    session.merge(SettingRow(key=key, value=json.dumps(value)))
    session.flush()
