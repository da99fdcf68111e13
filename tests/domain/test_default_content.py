from __future__ import annotations

import json
import shutil
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest

from icati_desktop.domain.continuum import ContinuumStage
from icati_desktop.domain.countries import CountryStatus, Region
from icati_desktop.domain.default_content import (
    ContentError,
    curriculum_record_id,
    load_all,
    load_countries,
    load_curricula,
    load_forms,
    load_resources,
)
from icati_desktop.domain.form_rules import DomainAtLeast, ItemsCountAtLeast
from icati_desktop.domain.forms import FormDefinition, ItemType
from icati_desktop.domain.library import CurriculumStatus, ResourceType
from icati_desktop.versioning.canonical import canonical_json

CONTENT = Path(__file__).resolve().parents[2] / "resources" / "content"

# DOMAIN.md's "Default resource library" titles, without the table's notes in brackets.
LIBRARY_TITLES = [
    "Treatment and care for people with drug use disorders in contact with the criminal justice"
    " system: Alternatives to conviction or punishment",
    "ATI e-learning course (60 min)",
    "International Standards for the Treatment of Drug Use Disorders (revised)",
    "Handbook of basic principles and promising practices on Alternatives to Imprisonment",
    "Criminal Justice Assessment Toolkit: Alternatives to Incarceration",
    "UN Standard Minimum Rules for Non-custodial Measures (Tokyo Rules), A/RES/45/110",
    "UN Rules for the Treatment of Women Prisoners and Non-custodial Measures for Women Offenders"
    " (Bangkok Rules), A/RES/65/229",
    "From coercion to cohesion: treating drug dependence through health care, not punishment",
    "Alternatives to Incarceration for Drug-Related Offenses (technical report)",
    "Manual for Scientific Monitoring and Evaluation: Drug Treatment Courts in the Americas",
    "Case & Care Management curriculum",
    "UTC 81: Alternatives to Incarceration (for policy leaders)",
    "UTC 82: Case Care Management",
    "Universal Treatment Curriculum, Basic level (8 courses)",
    "Adult Drug Court Best Practice Standards, Vol. I–II",
    "Defining Drug Courts: The Key Components",
    "Principles of Drug Abuse Treatment for Criminal Justice Populations",
    "The Sequential Intercept Model (brochure)",
    "Six Pathways: Frameworks for Implementing Deflection",
    "Alternatives to punishment for drug-using offenders",
    "Readiness = Motivation × Capacity (R = MC²)",
    "Review of ATI efforts worldwide",
    "ATI reading list",
    "Collaborative Comprehensive Case Plans",
    "ATI Basics webinar series (4 sessions)",
]


@pytest.fixture(scope="module")
def form() -> FormDefinition:
    forms = load_forms(CONTENT)
    assert len(forms) == 1
    return forms[0][1]


def test_countries() -> None:
    countries = [country for _, country in load_countries(CONTENT)]
    status = Counter(c.status for c in countries)
    assert status[CountryStatus.MEMBER_STATE] == 193
    assert status[CountryStatus.OBSERVER_STATE] == 2
    observers = {c.alpha2 for c in countries if c.status is CountryStatus.OBSERVER_STATE}
    assert observers == {"VA", "PS"}
    assert {c.region for c in countries} == set(Region)
    members = Counter(c.region for c in countries if c.status is CountryStatus.MEMBER_STATE)
    assert members == {
        Region.AFRICA: 54,
        Region.AMERICAS: 35,
        Region.ASIA: 47,
        Region.EUROPE: 43,
        Region.OCEANIA: 14,
    }
    assert sum("AU" in c.groups for c in countries) == 55
    assert sum("EU" in c.groups for c in countries) == 27
    by_code = {c.alpha3: c for c in countries}
    assert by_code["FJI"].region is Region.OCEANIA
    assert by_code["TUR"].sub_region == "Western Asia"
    assert by_code["NGA"].intermediate_region == "Western Africa"
    assert all(len(c.m49) == 3 and c.sub_region for c in countries)


def test_every_library_title_is_present() -> None:
    titles = {res.title["en"] for _, res in load_resources(CONTENT)}
    assert [t for t in LIBRARY_TITLES if t not in titles] == []


def test_library_details() -> None:
    resources = {res.title["en"]: res for _, res in load_resources(CONTENT)}
    tokyo = resources[LIBRARY_TITLES[5]]
    assert tokyo.languages == ["ar", "en", "es", "fr", "ru", "zh"]
    assert tokyo.year == 1990
    utc82 = resources["UTC 82: Case Care Management"]
    assert utc82.source_to_confirm
    assert utc82.curriculum_id == curriculum_record_id("UTC 82")
    assert [t for t, r in resources.items() if r.source_to_confirm] == [utc82.title["en"]]
    assert resources["Case & Care Management curriculum"].languages == ["en", "es"]


def test_ati_basics_webinars() -> None:
    sessions = sorted(
        (res for _, res in load_resources(CONTENT) if res.series == "ATI Basics"),
        key=lambda r: r.series_order or 0,
    )
    assert [r.series_order for r in sessions] == [None, 1, 2, 3, 4]
    assert all(r.resource_type is ResourceType.WEBINAR and r.publisher == "ICATI" for r in sessions)
    assert all(r.level == "basic" for r in sessions)


def test_curricula() -> None:
    curricula = {c.code: c for _, c in load_curricula(CONTENT)}
    assert {"UTC 81", "UTC 82", "UTC Basic", "OAS-CICAD-CCM"} <= set(curricula)
    assert curricula["UTC Basic"].course_count == 8
    drafts = [c for c in curricula.values() if c.status is CurriculumStatus.DRAFTING]
    assert any("TEAG" in c.title["en"] for c in drafts)


def test_default_form_structure(form: FormDefinition) -> None:
    assert (form.form_id, form.version) == ("ati-self-assessment", "1")
    assert [d.code for d in form.domains] == [f"D{n}" for n in range(1, 10)]
    items = [item for _, item in form.items()]
    assert all(item.type is ItemType.SCORE for item in items)
    assert all(item.weight == (2 if item.key_item else 1) for item in items)
    assert [d.code for d in form.domains if sum(i.key_item for i in d.items()) != 1] == []
    stages = [item.continuum_stage for item in form.domain("D3").items()]
    assert stages == list(ContinuumStage)
    assert len(items) == 35
    assert {a.value: a.label["en"] for a in form.scale.anchors} == {
        0: "Absent",
        1: "Recognised",
        2: "Planned / piloting",
        3: "Operational",
        4: "Institutionalised",
    }
    assert form.scale.dont_know_allowed


def test_default_form_is_translated_where_required(form: FormDefinition) -> None:
    for language in ("en", "fr", "ar"):
        assert all(language in a.label and language in a.description for a in form.scale.anchors)
        assert all(language in d.title for d in form.domains)
        assert language in form.scale.dont_know_label


def test_default_phase_rules(form: FormDefinition) -> None:
    rules = {rule.phase: rule.conditions for rule in form.phase_rules}
    assert sorted(rules) == [2, 3, 4]
    codes = {d.code for d in form.domains}
    for conditions in rules.values():
        for condition in conditions:
            if isinstance(condition, DomainAtLeast):
                assert condition.domain in codes
            if isinstance(condition, ItemsCountAtLeast):
                assert all(form.item(name).type is ItemType.SCORE for name in condition.items)
    p3 = {(c.domain, c.min) for c in rules[3] if isinstance(c, DomainAtLeast)}
    assert p3 == {("D1", Decimal(2)), ("D2", Decimal(2)), ("D5", Decimal(2))}
    webinars = [c for c in rules[2] if isinstance(c, ItemsCountAtLeast)]
    assert [(c.items, c.min) for c in webinars] == [(["d2_basics_webinars"], Decimal(3))]
    assert {r.domain for r in form.advice_rules} == codes


def test_ids_are_stable_across_loads() -> None:
    first = load_all(CONTENT)
    second = load_all(CONTENT)
    assert [record_id for record_id, _ in first] == [record_id for record_id, _ in second]
    assert len({record_id for record_id, _ in first}) == len(first)
    assert first == second


def test_payloads_survive_the_canonical_encoding() -> None:
    for _, payload in load_all(CONTENT):
        again = type(payload).model_validate(json.loads(canonical_json(payload.model_dump())))
        assert again == payload


def test_broken_content_names_the_file_and_entry(tmp_path: Path) -> None:
    shutil.copytree(CONTENT, tmp_path, dirs_exist_ok=True)
    library = json.loads((tmp_path / "library.json").read_text("utf-8"))
    library[3]["resource_type"] = "podcast"
    (tmp_path / "library.json").write_text(json.dumps(library), "utf-8")
    with pytest.raises(ContentError, match=r"(?s)library\.json unodc-2007-handbook.*resource_type"):
        load_resources(tmp_path)
    library[3]["resource_type"] = "guide"
    library[3]["curriculum"] = "UTC 99"
    (tmp_path / "library.json").write_text(json.dumps(library), "utf-8")
    with pytest.raises(ContentError, match="unknown curriculum 'UTC 99'"):
        load_resources(tmp_path)
