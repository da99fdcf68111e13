"""What the directory already holds that an imported person might repeat.

Read once per import: the email addresses of every contact record (they live only in the
contact's data, by design) and the people whose names appear in the file.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from icati_desktop.store.chunks import chunked
from icati_desktop.store.tables.directory import ContactRow, OrganisationRow, PersonRow


def _key(name: str, institution: str) -> tuple[str, str]:
    return (" ".join(name.casefold().split()), " ".join(institution.casefold().split()))


def _spellings(name: str) -> set[str]:
    return {name, name.lower(), name.upper(), name.title()}


class DirectoryIndex:
    def __init__(self, session: Session, names: Iterable[str]) -> None:
        self.by_email: dict[str, str] = {}
        for person_id, data in session.execute(select(ContactRow.person_id, ContactRow.data)):
            for email in json.loads(data).get("emails", []):
                self.by_email.setdefault(str(email).casefold(), person_id)
        self.by_name: dict[tuple[str, str], str] = {}
        self.by_name_only: dict[str, set[str]] = {}
        self.names: dict[str, str] = {}
        # SQLite's lower() folds ASCII only: ask for the usual spellings of each name too.
        wanted = sorted({v for n in names if n.strip() for v in _spellings(" ".join(n.split()))})
        institution = func.coalesce(OrganisationRow.name, PersonRow.organisation_name)
        for chunk in chunked(wanted):
            lowered = sorted({n.lower() for n in chunk})
            query = (
                select(PersonRow.id, PersonRow.display_name, institution)
                .outerjoin(OrganisationRow, OrganisationRow.id == PersonRow.organisation_id)
                .where(
                    or_(
                        PersonRow.display_name.in_(chunk),
                        func.lower(PersonRow.display_name).in_(lowered),
                    )
                )
            )
            for person_id, name, org in session.execute(query):
                self.by_name.setdefault(_key(name, org or ""), person_id)
                self.by_name_only.setdefault(_key(name, "")[0], set()).add(person_id)
                self.names[person_id] = name
        missing = sorted(set(self.by_email.values()) - set(self.names))
        for chunk in chunked(missing):
            for person_id, name in session.execute(
                select(PersonRow.id, PersonRow.display_name).where(PersonRow.id.in_(chunk))
            ):
                self.names[person_id] = name

    def same_name(self, name: str, institution: str) -> str | None:
        return self.by_name.get(_key(name, institution))

    def only_one_named(self, name: str) -> str | None:
        """The person of this name, if the directory holds exactly one."""
        found = self.by_name_only.get(_key(name, "")[0], set())
        return next(iter(found)) if len(found) == 1 else None

    def same_email(self, emails: Iterable[str]) -> str | None:
        return next(
            (self.by_email[e.casefold()] for e in emails if e.casefold() in self.by_email), None
        )


def organisation_ids(session: Session, names: Iterable[str]) -> dict[str, str]:
    """Organisations of the directory by name (case-insensitive), for the names given."""
    wanted = sorted({n.strip() for n in names if n.strip()})
    found: dict[str, str] = {}
    for chunk in chunked(wanted):
        for org_id, name in session.execute(
            select(OrganisationRow.id, OrganisationRow.name).where(OrganisationRow.name.in_(chunk))
        ):
            found.setdefault(name.casefold(), org_id)
    return found


def contact_record_ids(session: Session, person_ids: Sequence[str]) -> dict[str, str]:
    """person id → the id of their (first) contact record."""
    found: dict[str, str] = {}
    for chunk in chunked(list(person_ids)):
        for contact_id, person_id in session.execute(
            select(ContactRow.id, ContactRow.person_id)
            .where(ContactRow.person_id.in_(chunk))
            .order_by(ContactRow.id)
        ):
            found.setdefault(person_id, contact_id)
    return found


def organisation_names(
    session: Session, loaded: Mapping[str, tuple[object, str | None]]
) -> dict[str, str]:
    """organisation id → name, for the organisations the loaded people belong to."""
    wanted = sorted(
        {
            str(json.loads(data).get("organisation_id"))
            for _state, data in loaded.values()
            if data and json.loads(data).get("organisation_id")
        }
    )
    names: dict[str, str] = {}
    for chunk in chunked(wanted):
        names.update(
            session.execute(
                select(OrganisationRow.id, OrganisationRow.name).where(
                    OrganisationRow.id.in_(chunk)
                )
            ).tuples()
        )
    return names
