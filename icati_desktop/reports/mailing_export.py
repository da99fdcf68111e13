"""A mailing list to CSV or vCard (one card per recipient), consent honoured.

The rows are :func:`~icati_desktop.store.mailing_lists.mailing_audience`'s recipients
only: people whose network-mailings consent is active and who have an email address.
Nobody else is written, not even without an address; the caller reports how many were
left out and why. The file is written next to its target and renamed into place, so a
failure (a full disk) leaves no partial file.
"""

from __future__ import annotations

import csv
import logging
import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TextIO

import vobject

from icati_desktop.i18n import _
from icati_desktop.reports.people_export import _guard
from icati_desktop.store.mailing_lists import MailingAudience, Recipient

CSV_COLUMNS = ("name", "given_name", "family_name", "email", "organisation", "country")
SUFFIXES = (".csv", ".vcf")
log = logging.getLogger(__name__)


def _write_csv(recipients: Iterable[Recipient], handle: TextIO) -> None:
    writer = csv.writer(handle)
    writer.writerow(CSV_COLUMNS)
    for r in recipients:
        writer.writerow(
            [
                _guard(r.display_name),
                _guard(r.given_name or ""),
                _guard(r.family_name or ""),
                r.email,
                _guard(r.organisation),
                r.country or "",
            ]
        )


def vcard(recipient: Recipient) -> str:
    """One vCard 3.0 (the version every address book imports) for a recipient."""
    card = vobject.vCard()
    card.add("fn").value = recipient.display_name
    card.add("n").value = vobject.vcard.Name(
        family=recipient.family_name or "", given=recipient.given_name or ""
    )
    email = card.add("email")
    email.value = recipient.email
    email.type_param = "INTERNET"
    if recipient.organisation:
        card.add("org").value = [recipient.organisation]
    if recipient.country:
        card.add("adr").value = vobject.vcard.Address(country=recipient.country)
    text: str = card.serialize()
    return text


def _write_vcards(recipients: Iterable[Recipient], handle: TextIO) -> None:
    for recipient in recipients:
        handle.write(vcard(recipient))


def export_mailing_list(audience: MailingAudience, path: Path) -> int:
    """Write the audience's recipients to ``path`` (.csv or .vcf), atomically; how many."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise ValueError(
            _("export a mailing list to a .csv or .vcf file, not {suffix}").format(
                suffix=suffix or _("a file without suffix")
            )
        )
    write: Callable[[Iterable[Recipient], TextIO], None] = (
        _write_csv if suffix == ".csv" else _write_vcards
    )
    tmp = path.with_name(f".{path.name}.partial")
    try:
        encoding = "utf-8-sig" if suffix == ".csv" else "utf-8"
        with tmp.open("w", encoding=encoding, newline="") as handle:
            write(audience.recipients, handle)
            handle.flush()
            os.fsync(handle.fileno())
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)
    log.info("mailing list exported: %d recipient(s) to %s", len(audience.recipients), path.name)
    return len(audience.recipients)


__all__ = ["CSV_COLUMNS", "export_mailing_list", "vcard"]
