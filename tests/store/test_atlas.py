"""Atlas queries: counts per country for the map, filters for the list, phases."""

from __future__ import annotations

from decimal import Decimal

from icati_desktop.domain.assessments import Assessment
from icati_desktop.domain.atlas import Initiative
from icati_desktop.store.atlas import (
    InitiativeFilter,
    country_phases,
    initiative_counts,
    initiatives_for_export,
    query_initiatives,
)
from icati_desktop.store.records import RecordService
from tests.store.helpers import StoreFactory


def initiative(
    country: str, name: str, model: str, stages: list[str], **extra: object
) -> Initiative:
    return Initiative.model_validate(
        {
            "country": country,
            "name": name,
            "model": model,
            "continuum_stages": stages,
            "status": "operational",
            **extra,
        }
    )


def test_counts_filters_and_phases(make_store: StoreFactory) -> None:
    store = make_store()
    service = RecordService(store)
    service.create(initiative("KEN", "Nairobi drug court", "drug_treatment_court", ["court"]))
    service.create(
        initiative(
            "KEN",
            "Mombasa police deflection",
            "deflection",
            ["pre_arrest"],
            latitude=Decimal("-4.05"),
            longitude=Decimal("39.67"),
        )
    )
    service.create(
        initiative(
            "CHL",
            "Tribunales de Tratamiento de Drogas",
            "drug_treatment_court",
            ["court", "post_sentence"],
        )
    )
    removed = service.create(initiative("FRA", "Closed pilot", "diversion", ["pre_trial"]))
    service.delete("initiative", removed.record_id)
    first = service.create(
        Assessment.model_validate(
            {
                "country": "KEN",
                "form_id": "ati-self-assessment",
                "form_version": "1",
                "assessed_on": "2025-01-10",
                "computed_phase": 2,
            }
        )
    )
    service.create(
        Assessment.model_validate(
            {
                "country": "KEN",
                "form_id": "ati-self-assessment",
                "form_version": "1",
                "assessed_on": "2026-01-10",
                "computed_phase": 2,
                "phase_override": {
                    "phase": 3,
                    "reason": "pilot court running",
                    "by": "TA expert",
                    "at": "2026-01-11T10:00:00Z",
                },
            }
        )
    )
    assert first.record_id
    with store.read() as session:
        assert initiative_counts(session) == {"KEN": 2, "CHL": 1}
        africa = query_initiatives(session, InitiativeFilter(region="Africa"))
        assert africa.total == 2
        assert {row.country_name for row in africa.rows} == {"Kenya"}
        courts = query_initiatives(session, InitiativeFilter(stage="court"))
        assert sorted(row.name for row in courts.rows) == [
            "Nairobi drug court",
            "Tribunales de Tratamiento de Drogas",
        ]
        assert query_initiatives(session, InitiativeFilter(text="DEFLECTION")).total == 1
        assert query_initiatives(session, InitiativeFilter(text="100%_")).total == 0
        assert initiative_counts(session, InitiativeFilter(model="deflection")) == {"KEN": 1}
        assert country_phases(session) == {"KEN": 3}
        exported = initiatives_for_export(session, InitiativeFilter(country="KEN"))
    assert [item.name for _id, item in exported] == [
        "Mombasa police deflection",
        "Nairobi drug court",
    ]
