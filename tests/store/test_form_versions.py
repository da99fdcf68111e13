"""Form versions at HQ: retiring one stops new assessments on it (everywhere it syncs to),
an edited crosswalk replaces the form's own, and only HQ may decide either."""

from __future__ import annotations

from datetime import date

import pytest

from icati_desktop.domain.assessments import Answer
from icati_desktop.domain.forms import FormDefinition
from icati_desktop.store.assessments import (
    create_assessment,
    load,
    reopen,
    score,
    set_answer,
    submit,
)
from icati_desktop.store.form_versions import (
    FormVersionRetired,
    diff_versions,
    list_form_versions,
    save_crosswalk,
    set_retired,
)
from icati_desktop.store.forms import get_form, save_form
from icati_desktop.store.integrity import check_store
from icati_desktop.store.records import PermissionDenied
from icati_desktop.store.store import Store
from tests.formats.small_form import small_form_data
from tests.store.helpers import StoreFactory, deliver


@pytest.fixture
def hq(make_store: StoreFactory) -> Store:
    store = make_store(role="hq", name="HQ")
    later = small_form_data("2")
    later["domains"][0]["elements"][1]["name"] = "legal_basis"  # law, renamed
    later["crosswalk"] = [{"from_form_version": "1", "from_item": "intro", "to_item": "comment"}]
    for data in (small_form_data("1"), later):
        save_form(store, FormDefinition.model_validate(data))
    return store


def new(store: Store, version: str | None = None) -> str:
    return create_assessment(
        store, country="KEN", assessed_on=date(2026, 3, 4), form_id="small", form_version=version
    )


def test_a_retired_version_takes_no_new_assessment_and_keeps_its_old_ones(hq: Store) -> None:
    old = new(hq, "1")
    set_answer(hq, old, "law", Answer(value=2))
    submit(hq, old, language="en")

    set_retired(hq, "small", "2", True)
    with pytest.raises(FormVersionRetired, match="version 2 of form small is retired"):
        new(hq, "2")
    with hq.read() as session:
        assert load(session, new(hq))[0].form_version == "1"  # the highest version in use

    set_retired(hq, "small", "1", True)
    with pytest.raises(FormVersionRetired, match="every version of form small is retired"):
        new(hq)
    # What was answered on a retired version stays readable, scorable and can be reopened.
    with hq.read() as session:
        assessment, form = load(session, old)
        assert score(session, form, assessment).shown_phase >= 1
    assert reopen(hq, old).form_version == "1"
    with hq.read() as session:
        listed = {(v.version, v.retired, v.assessments) for v in list_form_versions(session)}
    assert {("1", True, 2), ("2", True, 0)} <= listed

    set_retired(hq, "small", "2", False)
    with hq.read() as session:
        assert load(session, new(hq))[0].form_version == "2"
        assert check_store(session) == []  # the status rows are the records' winners


def test_retiring_reaches_field_devices_and_only_hq_may_decide_it(
    hq: Store, make_store: StoreFactory
) -> None:
    field = make_store(role="field")
    set_retired(hq, "small", "2", True)
    deliver(hq, field)
    with pytest.raises(FormVersionRetired):
        new(field, "2")
    assert new(field)  # version 1 is still in use
    with pytest.raises(PermissionDenied):
        set_retired(field, "small", "2", False)
    with pytest.raises(PermissionDenied):
        save_crosswalk(field, "small", "1", "2", {"law": "legal_basis"})


def test_an_edited_crosswalk_replaces_the_forms_own_for_that_version(hq: Store) -> None:
    with hq.read() as session:
        diff = diff_versions(session, "small", "2", "1")  # given either way round
    assert (diff.earlier_version, diff.later_version) == ("1", "2")
    # The form's own crosswalk (intro → comment) keeps the two intros apart.
    assert [d.name for d in diff.of("added")] == ["intro", "legal_basis"]
    assert [d.name for d in diff.of("removed")] == ["law", "comment"]

    save_crosswalk(hq, "small", "1", "2", {"law": "legal_basis"})
    with hq.read() as session:
        form = get_form(session, "small", "2")
        diff = diff_versions(session, "small", "1", "2")
        [info] = [v for v in list_form_versions(session) if v.version == "2"]
    assert [(e.from_item, e.to_item) for e in form.crosswalk] == [("law", "legal_basis")]
    assert [d.name for d in diff.of("added")] == []  # HQ's list replaced the form's own
    assert [d.name for d in diff.of("removed")] == []
    assert info.crosswalk_edited
    # The stored form version itself never changes.
    with hq.read() as session:
        assert get_form(session, "small", "1").crosswalk == []


def test_a_crosswalk_naming_unknown_or_doubled_items_is_refused(hq: Store) -> None:
    for mapping, message in (
        ({"nothing": "legal_basis"}, "nothing is not an item of version 1"),
        ({"law": "nothing"}, "nothing is not an item of version 2"),
        ({"law": "legal_basis", "intro": "legal_basis"}, "the same item"),
    ):
        with pytest.raises(ValueError, match=message):
            save_crosswalk(hq, "small", "1", "2", mapping)
    with pytest.raises(ValueError, match="earlier version to a later one"):
        save_crosswalk(hq, "small", "2", "1", {"legal_basis": "law"})
    with hq.read() as session:
        assert not any(v.crosswalk_edited for v in list_form_versions(session))
