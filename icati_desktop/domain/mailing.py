"""Who a network mailing may reach, and how a mail client receives the addresses.

Pure rules, used by the store (which reads consents and contacts) and by the GUI (which
opens the mail client): a person is written to only while a ``network_mailings`` consent
is active; everyone else is left out with a reason, so an export can say how many and why.
Addresses go in BCC, never To/CC, so recipients do not see each other's address; mail
clients and servers cap the recipients of one message, hence batches of at most 50.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from enum import StrEnum
from urllib.parse import quote

from icati_desktop.domain.directory import ConsentRecord, ConsentScope

NETWORK_TARGET = 200
"""The seed's global outcome: "grow the reach of ICATI's email network to at least 200
participants"."""

BATCH_LIMIT = 50
"""Most addresses in the BCC of one message."""


class LeftOut(StrEnum):
    """Why someone selected for a mailing is not written to."""

    NO_CONSENT = "no_mailing_consent"
    """Never consented to network mailings, refused, or consented only to other uses."""
    WITHDRAWN = "consent_withdrawn"
    NO_EMAIL = "no_email"
    """Consented, but the directory holds no email address."""


def mailing_consent_active(consents: Sequence[ConsentRecord], on: date) -> bool:
    return any(c.scope is ConsentScope.NETWORK_MAILINGS and c.is_active(on) for c in consents)


def left_out_reason(
    consents: Sequence[ConsentRecord], emails: Sequence[str], on: date
) -> LeftOut | None:
    """``None`` when the person may be written to at one of ``emails``."""
    if not mailing_consent_active(consents, on):
        withdrawn = any(
            c.scope is ConsentScope.NETWORK_MAILINGS
            and c.withdrawn_on is not None
            and c.withdrawn_on <= on
            for c in consents
        )
        return LeftOut.WITHDRAWN if withdrawn else LeftOut.NO_CONSENT
    return None if emails else LeftOut.NO_EMAIL


def bcc_batches(emails: Sequence[str], limit: int = BATCH_LIMIT) -> list[list[str]]:
    """The addresses in order, cut into batches of at most ``limit``, each address once."""
    if limit < 1:
        raise ValueError("a batch holds at least one address")
    seen: set[str] = set()
    unique = []
    for email in emails:
        key = email.casefold()
        if key not in seen:
            seen.add(key)
            unique.append(email)
    return [unique[i : i + limit] for i in range(0, len(unique), limit)]


def mailto_url(batch: Sequence[str], subject: str = "") -> str:
    """A ``mailto:`` address (RFC 6068) with the batch in BCC and no visible recipient."""
    if not batch:
        raise ValueError("no address to write to")
    bcc = ",".join(quote(email, safe="@") for email in batch)  # '+' encoded: not a space
    url = f"mailto:?bcc={bcc}"
    if subject:
        url += f"&subject={quote(subject, safe='')}"
    return url


__all__ = [
    "BATCH_LIMIT",
    "NETWORK_TARGET",
    "LeftOut",
    "bcc_batches",
    "left_out_reason",
    "mailing_consent_active",
    "mailto_url",
]
