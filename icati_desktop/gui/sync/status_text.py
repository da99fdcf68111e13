"""The sync state in words, for the status bar and Home."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

from icati_desktop.i18n import _, format_age, format_number, ngettext
from icati_desktop.store.roles import Role

if TYPE_CHECKING:
    from icati_desktop.store.sync_status import SyncStatus


def status_text(status: SyncStatus, now: datetime | None = None) -> str:
    now = now or datetime.now(UTC)
    parts: list[str] = []
    n = status.pending_changes
    if status.role is Role.FIELD:
        if not status.hq_trusted:
            parts.append(_("not linked to a central office yet"))
        unsent = status.unsent_changes
        waiting = n - unsent
        if unsent:
            parts.append(
                ngettext(
                    "{n} change not yet sent to HQ", "{n} changes not yet sent to HQ", unsent
                ).format(n=format_number(unsent))
            )
        if waiting:
            parts.append(
                ngettext(
                    "{n} change in a bundle, waiting for HQ to confirm",
                    "{n} changes in a bundle, waiting for HQ to confirm",
                    waiting,
                ).format(n=format_number(waiting))
            )
        if not n and not status.hq_confirmed:
            # A new device: HQ cannot take its bundles before it has enrolled the device.
            parts.append(
                _("HQ has nothing from this device yet: send HQ your identity card (Sync section)")
            )
        elif not n:
            parts.append(_("everything sent to HQ"))
        if status.last_central_created_at is None:
            parts.append(_("no central data received yet"))
        else:
            age = format_age(now - status.last_central_created_at)
            parts.append(_("central data from {age} ago").format(age=age))
    else:
        parts.append(
            ngettext(
                "{n} change not yet in a central bundle",
                "{n} changes not yet in a central bundle",
                n,
            ).format(n=format_number(n))
        )
        parts.append(
            ngettext("{n} device enrolled", "{n} devices enrolled", status.devices_enrolled).format(
                n=format_number(status.devices_enrolled)
            )
        )
    if status.open_conflicts:
        parts.append(
            ngettext("{n} open conflict", "{n} open conflicts", status.open_conflicts).format(
                n=format_number(status.open_conflicts)
            )
        )
    return " · ".join(parts)
