"""History of a record: every version, who and when, what changed in words; restore."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from icati_desktop.domain.assessments import Answer
from icati_desktop.domain.default_content import curriculum_record_id
from icati_desktop.domain.library import Resource
from icati_desktop.i18n import set_language
from icati_desktop.store.assessments import create_assessment, set_answer
from icati_desktop.store.history import VersionKind, record_history
from icati_desktop.store.records import PermissionDenied, RecordNotFound, RecordService
from icati_desktop.store.restore import restore_version
from icati_desktop.store.store import Store
from tests.store.helpers import StoreFactory, deliver, resource


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    set_language("en")
    yield
    set_language("en")


def _edit(store: Store, rid: str, **changes: object) -> None:
    service = RecordService(store)
    current = service.get(Resource, rid).payload.model_dump(mode="python")
    service.update(rid, Resource.model_validate({**current, **changes}))


def test_every_version_with_author_time_and_changed_fields_in_words(
    make_store: StoreFactory,
) -> None:
    hq = make_store(role="hq", name="HQ Vienna")
    rid = RecordService(hq).create(resource("Guide to ATI", level="basic")).record_id
    _edit(hq, rid, level="advanced", title={"en": "Guide to ATI", "fr": "Guide des ATI"})
    curriculum = str(curriculum_record_id("UTC 81"))
    _edit(hq, rid, curriculum_id=curriculum, year=2024)
    history = record_history(hq, rid)
    assert history.total == 3
    assert history.title == "Guide to ATI"
    newest, middle, first = history.entries
    assert [e.kind for e in history.entries] == [
        VersionKind.EDITED,
        VersionKind.EDITED,
        VersionKind.CREATED,
    ]
    assert all(e.author == "HQ Vienna" and e.own for e in history.entries)
    assert newest.shown
    assert not first.shown
    assert newest.time >= first.time
    assert {(c.field, c.old, c.new) for c in middle.changes} == {
        ("Level", "Basic", "Advanced"),
        ("Title (French)", "—", "Guide des ATI"),
    }
    by_field = {c.field: c for c in newest.changes}
    assert by_field["Year"].new == "2024", "years are not grouped like amounts"
    assert by_field["Curriculum"].new.startswith("UTC 81: "), "a reference shows a name"
    assert curriculum not in {c.new for c in newest.changes}
    assert [c.field for c in first.changes][:2] == ["Title", "Type"], "in the model's order"
    set_language("fr")
    french = record_history(hq, rid).entries[1]
    assert ("Niveau", "Débutant", "Avancé") in {(c.field, c.old, c.new) for c in french.changes}


def test_assessment_answers_are_listed_per_item_with_labels(make_store: StoreFactory) -> None:
    field = make_store(role="field", name="Amina")
    aid = create_assessment(field, country="KEN", assessed_on=date(2026, 3, 14))
    set_answer(field, aid, "d1_law_allows_treatment", Answer(value=1))
    set_answer(field, aid, "d1_law_allows_treatment", Answer(value=3, note="Law of 2024"))
    set_answer(field, aid, "d1_strategy_names_ati", Answer(value="dk"))
    history = record_history(field, aid, newest_first=False)
    assert history.title == "Kenya · Mar 14, 2026"
    changes = [{(c.field, c.old, c.new) for c in e.changes} for e in history.entries]
    law = "D1 · Does the law allow treatment instead of prosecution, conviction or pu…"
    assert changes[1] == {(f"{law} — answer", "—", "1 · Recognised")}
    answer_change = next(c for c in changes[2] if c[0].endswith("— answer"))
    assert answer_change[1].startswith("1 · ")
    assert answer_change[2].startswith("3 · ")
    assert (f"{law} — note", "—", "Law of 2024") in changes[2]
    assert len(changes[2]) == 2, "only the item that changed is listed"
    assert any(c[2] == "Don't know" for c in changes[3])
    assert not any("form_id" in c[0] or "kind" in c[0] for cs in changes for c in cs)


def test_a_long_history_is_read_in_pages(make_store: StoreFactory) -> None:
    hq = make_store(role="hq")
    rid = RecordService(hq).create(resource("Paged")).record_id
    for year in range(1960, 2030):
        _edit(hq, rid, year=year)
    first = record_history(hq, rid, limit=30)
    assert first.total == 71
    assert len(first.entries) == 30
    assert first.entries[0].changes[0].new == "2029"
    last = record_history(hq, rid, offset=60, limit=30)
    assert len(last.entries) == 11
    assert last.entries[-1].kind is VersionKind.CREATED
    oldest = record_history(hq, rid, limit=2, newest_first=False)
    assert oldest.entries[0].kind is VersionKind.CREATED
    assert oldest.entries[1].changes[0].new == "1960"


def test_restore_writes_the_old_payload_as_a_new_version_and_says_what_it_wrote(
    make_store: StoreFactory,
) -> None:
    hq = make_store(role="hq")
    rid = RecordService(hq).create(resource("Original", publisher="UNODC")).record_id
    _edit(hq, rid, title={"en": "Changed"}, publisher="WHO")
    created = record_history(hq, rid).entries[-1]
    result = restore_version(hq, rid, created.version_id[:10])
    assert {(c.field, c.old, c.new) for c in result.changes} == {
        ("Title (English)", "Changed", "Original"),
        ("Publisher", "WHO", "UNODC"),
    }
    view = RecordService(hq).get(Resource, rid)
    assert view.payload.title == {"en": "Original"}
    assert view.version_id == result.version_id
    history = record_history(hq, rid)
    assert history.total == 3, "nothing is lost: the changed version stays in the history"
    with pytest.raises(ValueError, match="already shows that version"):
        restore_version(hq, rid, created.version_id)
    assert record_history(hq, rid).total == 3


def test_a_deleted_record_can_be_restored(make_store: StoreFactory) -> None:
    hq = make_store(role="hq")
    rid = RecordService(hq).create(resource("Deleted then back")).record_id
    RecordService(hq).delete("resource", rid)
    history = record_history(hq, rid)
    assert history.deleted
    assert history.title == "Deleted then back"
    tombstone, created = history.entries
    assert tombstone.kind is VersionKind.DELETED
    with pytest.raises(ValueError, match="is a deletion"):
        restore_version(hq, rid, tombstone.version_id)
    restore_version(hq, rid, created.version_id)
    assert RecordService(hq).get(Resource, rid).payload.title == {"en": "Deleted then back"}


def test_restore_is_refused_for_hq_records_on_a_field_device(make_store: StoreFactory) -> None:
    hq, field = make_store(role="hq"), make_store(role="field")
    rid = RecordService(hq).create(resource("Published by HQ")).record_id
    _edit(hq, rid, publisher="Someone")
    deliver(hq, field)
    history = record_history(field, rid)
    assert history.restore_refusal is not None
    assert "central office" in history.restore_refusal
    assert history.entries[0].author.startswith("device "), "an unknown device is named so"
    with pytest.raises(PermissionDenied, match="central office"):
        restore_version(field, rid, history.entries[-1].version_id)
    assert record_history(field, rid).total == 2
    with pytest.raises(ValueError, match="not a version of record"):
        restore_version(hq, rid, "abc")
    with pytest.raises(RecordNotFound):
        record_history(hq, "00000000-0000-0000-0000-000000000000")


def test_a_resolution_is_marked_and_compared_with_the_version_shown_before(
    make_store: StoreFactory,
) -> None:
    hq, other = make_store(role="hq", name="HQ"), make_store(role="hq", name="HQ 2")
    rid = RecordService(hq).create(resource("Shared")).record_id
    deliver(hq, other)
    _edit(hq, rid, publisher="From HQ")
    _edit(other, rid, publisher="From HQ 2")  # the same field: a conflict, not a merge
    deliver(other, hq)
    conflicted = record_history(hq, rid)
    assert conflicted.in_conflict
    assert sum(e.current for e in conflicted.entries) == 2
    winner = next(e for e in conflicted.entries if e.shown)
    RecordService(hq).resolve(rid, winner.version_id)
    resolved = record_history(hq, rid).entries[0]
    assert resolved.kind is VersionKind.RESOLVED
    assert len(resolved.parents) == 2
    assert resolved.compared_with == winner.version_id
    assert resolved.changes == []
