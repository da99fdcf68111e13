"""A mailing list to CSV or vCard (one card per recipient), consent honoured.

The rows are :func:`~icati_desktop.store.mailing_lists.mailing_audience`'s recipients
only: people whose network-mailings consent is active and who have an email address.
Nobody else is written, not even without an address; the caller reports how many were
left out and why. The file is written next to its target and renamed into place, so a
failure (a full disk) leaves no partial file.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from pathlib import Path

import vobject

from icati_desktop.atomic_file import atomic_text
from icati_desktop.i18n import _
from icati_desktop.reports.table_files import checked_suffix, guard, write_csv
from icati_desktop.store.mailing_lists import MailingAudience, Recipient

CSV_COLUMNS = ("name", "given_name", "family_name", "email", "organisation", "country")
SUFFIXES = (".csv", ".vcf")
log = logging.getLogger(__name__)


def _rows(recipients: Iterable[Recipient]) -> Iterator[list[str]]:
    for r in recipients:
        yield [
            guard(r.display_name),
            guard(r.given_name or ""),
            guard(r.family_name or ""),
            r.email,
            guard(r.organisation),
            r.country or "",
        ]


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


def export_mailing_list(audience: MailingAudience, path: Path) -> int:
    """Write the audience's recipients to ``path`` (.csv or .vcf), atomically; how many."""
    message = _("export a mailing list to a .csv or .vcf file, not {suffix}")
    if checked_suffix(path, SUFFIXES, message) == ".csv":
        write_csv(path, CSV_COLUMNS, _rows(audience.recipients))
    else:
        with atomic_text(path) as handle:
            for recipient in audience.recipients:
                handle.write(vcard(recipient))
    log.info("mailing list exported: %d recipient(s) to %s", len(audience.recipients), path.name)
    return len(audience.recipients)


__all__ = ["CSV_COLUMNS", "export_mailing_list", "vcard"]
