"""The country assessment report of a stored assessment: read what it shows, then print it.

Shared by ``icati report assessment`` and the desktop app, so both print the same report.
The store is read in one short read transaction; typesetting happens after it is closed.
"""

from __future__ import annotations

from pathlib import Path
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.orm import Session

from icati_desktop import paths
from icati_desktop.domain.assessments import Assessment
from icati_desktop.domain.countries import country_display_name
from icati_desktop.i18n import SUPPORTED_LANGUAGES, translator
from icati_desktop.reports.assessment_html import ReportInput
from icati_desktop.store.assessments import load, score
from icati_desktop.store.store import Store
from icati_desktop.store.tables.directory import OrganisationRow, PersonRow
from icati_desktop.store.tables.reference import CountryRow

LANGUAGE_SETTING = "ui/language"
"""The desktop app's language preference (``gui.settings.LANGUAGE``), read with QtCore."""


def configured_language() -> str:
    """The language chosen in the desktop app on this machine, else English."""
    from PySide6.QtCore import QSettings

    portable = paths.this_portable_data_dir()
    if portable is not None:  # a portable build keeps them beside it (gui/settings_folder.py)
        file = str(paths.portable_settings_file(portable))
        settings = QSettings(file, QSettings.Format.IniFormat)
    else:
        settings = QSettings(paths.APP_AUTHOR, paths.APP_NAME)
    value = settings.value(LANGUAGE_SETTING, "en")
    return value if isinstance(value, str) and value in SUPPORTED_LANGUAGES else "en"


def country_name(session: Session, alpha3: str, language: str) -> str:
    """The country's name in ``language`` (CLDR), its stored name, or at least its code."""
    row = session.scalar(select(CountryRow).where(CountryRow.alpha3 == alpha3))
    if row is None:
        return alpha3
    try:
        return country_display_name(row.alpha2, language)
    except ValueError:
        return row.name


def participant_names(session: Session, assessment: Assessment, language: str) -> list[str]:
    """People ("name, organisation") and organisations, then the participants given as text."""
    _ = translator(language).gettext
    ids = [str(i) for i in assessment.participant_ids]
    people = {p.id: p for p in session.scalars(select(PersonRow).where(PersonRow.id.in_(ids)))}
    organisations = {
        o.id: o for o in session.scalars(select(OrganisationRow).where(OrganisationRow.id.in_(ids)))
    }
    names: list[str] = []
    for record_id in ids:
        if person := people.get(record_id):
            where = person.organisation_name
            names.append(f"{person.display_name}, {where}" if where else person.display_name)
        elif organisation := organisations.get(record_id):
            names.append(organisation.name)
        else:
            names.append(_("a participant not on this device ({id})").format(id=record_id))
    return names + list(assessment.participant_names)


def read_report_input(session: Session, assessment_id: str | UUID, language: str) -> ReportInput:
    """Everything the report of one stored assessment shows, texts in ``language``."""
    translator(language)  # an unsupported language fails before anything is read
    assessment, form = load(session, assessment_id)
    return ReportInput(
        assessment=assessment,
        form=form,
        result=score(session, form, assessment),
        participants=tuple(participant_names(session, assessment, language)),
        country_name=country_name(session, assessment.country, language),
        language=language,
    )


def write_assessment_report(
    store: Store, assessment_id: str | UUID, out: Path, *, language: str
) -> int:
    """The PDF report of a stored assessment at ``out``; its page count."""
    from icati_desktop.reports.assessment_pdf import render_report

    with store.read() as session:
        report = read_report_input(session, assessment_id, language)
    return render_report(out, report)


__all__ = [
    "configured_language",
    "country_name",
    "participant_names",
    "read_report_input",
    "write_assessment_report",
]
