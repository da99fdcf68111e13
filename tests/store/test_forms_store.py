"""Form definitions in the store: HQ saves an imported form, versions stay fixed, the
latest version is found numerically, a field device cannot publish one."""

from __future__ import annotations

from pathlib import Path

import pytest

from icati_desktop.formats.xlsform import read_xlsform
from icati_desktop.store.forms import FormVersionExists, get_form, list_forms, save_form
from icati_desktop.store.records import PermissionDenied, RecordNotFound
from tests.formats.xlsforms import probation_form
from tests.store.helpers import StoreFactory


def test_hq_saves_lists_and_gets_the_latest_version_numerically(
    make_store: StoreFactory, tmp_path: Path
) -> None:
    store = make_store(role="hq")
    v9 = read_xlsform(probation_form(tmp_path, "9", "v9.xlsx"))
    v10 = read_xlsform(probation_form(tmp_path, "10", "v10.xlsx"))
    first = save_form(store, v10)
    save_form(store, v9)

    with store.read() as session:
        summaries = [s for s in list_forms(session) if s.form_id == "probation-check"]
        latest = get_form(session, "probation-check")
        older = get_form(session, "probation-check", "9")
        default = get_form(session, "ati-self-assessment")
    assert [(s.version, s.domains, s.items, s.choice_lists) for s in summaries] == [
        ("9", 2, 8, 2),
        ("10", 2, 8, 2),
    ]
    assert summaries[1].record_id == first
    assert latest == v10
    assert older == v9
    assert default.form_id == "ati-self-assessment"

    again = read_xlsform(probation_form(tmp_path, "10", "copy-of-v10.xlsx"))
    assert save_form(store, again) == first  # same content: nothing new


def test_a_changed_form_under_an_existing_version_is_refused(
    make_store: StoreFactory, tmp_path: Path
) -> None:
    store = make_store(role="hq")
    form = read_xlsform(probation_form(tmp_path))
    save_form(store, form)
    changed = form.model_copy(update={"title": {"en": "Probation readiness, revised"}})
    with pytest.raises(FormVersionExists, match="raise the version"):
        save_form(store, changed)
    with store.read() as session:
        assert get_form(session, "probation-check").title == {"en": "Probation readiness"}


def test_a_field_device_cannot_publish_a_form(make_store: StoreFactory, tmp_path: Path) -> None:
    store = make_store(role="field")
    with pytest.raises(PermissionDenied, match="central office"):
        save_form(store, read_xlsform(probation_form(tmp_path)))
    with store.read() as session, pytest.raises(RecordNotFound, match="icati forms list"):
        get_form(session, "probation-check")
