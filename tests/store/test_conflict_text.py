"""An open conflict in words: field names, labels not codes, authors, context; undo."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from icati_desktop.domain.action_plans import ActionItem, ActionPlan
from icati_desktop.domain.assessments import Answer
from icati_desktop.domain.library import Resource
from icati_desktop.domain.meetings import AgendaItem, Meeting, MeetingFormat, MeetingType
from icati_desktop.i18n import set_language
from icati_desktop.store.assessments import create_assessment, set_answer
from icati_desktop.store.audit import audit_rows
from icati_desktop.store.conflict_text import ConflictTexts, conflict_texts
from icati_desktop.store.conflicts import list_conflicts
from icati_desktop.store.history import record_history
from icati_desktop.store.records import RecordService, StaleEdit
from icati_desktop.store.resolution import BASE, conflict_detail, resolve_with_choices
from icati_desktop.store.resolution_undo import resolution_report, undo_resolution
from icati_desktop.store.store import Store
from tests.store.helpers import StoreFactory, deliver, resource

LAW = "d1_law_allows_treatment"


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    set_language("en")
    yield
    set_language("en")


def texts_of(store: Store, record_id: str, language: str) -> ConflictTexts:
    set_language(language)
    detail = conflict_detail(store, record_id, language)
    with store.read() as session:
        return conflict_texts(session, detail)


def assessment_fork(make_store: StoreFactory) -> tuple[Store, str, str, str]:
    """Vienna and Nairobi answer the same item differently; Vienna holds both."""
    vienna = make_store(role="hq", name="Vienna HQ")
    nairobi = make_store(role="hq", name="Nairobi office")
    aid = str(create_assessment(vienna, country="KEN", assessed_on=date(2026, 3, 14)))
    set_answer(vienna, aid, LAW, Answer(value=1))
    deliver(vienna, nairobi)
    set_answer(vienna, aid, LAW, Answer(value=2))
    set_answer(nairobi, aid, LAW, Answer(value=3))
    deliver(nairobi, vienna)
    detail = conflict_detail(vienna, aid)
    return vienna, aid, detail.mine, detail.theirs[0]


def test_answers_show_choice_labels_and_item_names_in_each_language(
    make_store: StoreFactory,
) -> None:
    vienna, aid, mine, theirs = assessment_fork(make_store)
    row = f"answers/{LAW}/value"
    english = texts_of(vienna, aid, "en")
    assert english.title == "Kenya · Mar 14, 2026"
    assert english.rows[row].label.startswith("Answer to D1 — Does the law allow treatment")
    assert english.rows[row].cells == {
        BASE: "1 · Recognised",
        mine: "2 · Planned / piloting",
        theirs: "3 · Operational",
    }
    assert english.authors[theirs] == "device " + english.authors[theirs][7:]  # not trusted
    assert english.authors[mine] == "Vienna HQ"
    french = texts_of(vienna, aid, "fr")
    assert french.title == "Kenya · 14 mars 2026"
    assert french.rows[row].cells[theirs] == "3 · Opérationnel"
    assert french.rows[row].label.startswith("Réponse à D1 — La loi permet-elle")
    arabic = texts_of(vienna, aid, "ar")
    assert arabic.rows[row].cells[BASE] == "1 · معترف به"
    assert "كينيا" in arabic.title
    # internal ids and form codes are never listed, even among the settled fields
    assert not {"form_id", "form_version", "id"} & set(english.rows)
    assert "ati-self-assessment" not in str(english.model_dump())


def test_an_agenda_item_is_named_by_its_place_and_its_id_never_shown(
    make_store: StoreFactory,
) -> None:
    a, b = make_store(role="hq", name="A"), make_store(role="hq", name="B")
    first, second = AgendaItem(title="Welcome"), AgendaItem(title="Budget")
    meeting = Meeting(
        title="Steering committee",
        country="UGA",
        held_on=date(2026, 3, 2),
        format=MeetingFormat.HYBRID,
        meeting_type=MeetingType.STRATEGIC,
        agenda=[first, second],
    )
    rid = RecordService(a).create(meeting).record_id
    deliver(a, b)
    for store, notes in ((a, "Agreed"), (b, "Postponed")):
        agenda = [first, second.model_copy(update={"notes": notes})]
        RecordService(store).update(rid, meeting.model_copy(update={"agenda": agenda}))
    deliver(b, a)
    texts = texts_of(a, rid, "en")
    (row,) = [r for r in texts.rows.values() if "Agreed" in r.cells.values()]
    assert row.label == "Agenda item 2 \u203a Notes"
    shown = [r.label for r in texts.rows.values()] + [
        cell for r in texts.rows.values() for cell in r.cells.values()
    ]
    assert not any(str(second.id) in text or str(first.id) in text for text in shown)
    assert texts.context == "Uganda · Mar 2, 2026"
    assert texts_of(a, rid, "fr").rows[
        next(k for k, r in texts.rows.items() if r is row)
    ].label == ("Point 2 de l’ordre du jour \u203a Notes")


def test_resolve_then_undo_brings_back_the_previous_values_as_a_new_version(
    make_store: StoreFactory,
) -> None:
    a, b = make_store(role="hq", name="A"), make_store(role="hq", name="B")
    rid = RecordService(a).create(resource("Guide", year=2010)).record_id
    deliver(a, b)
    RecordService(a).update(rid, resource("Guide", year=2011))
    RecordService(b).update(rid, resource("Guide", year=2012))
    deliver(b, a)
    detail = conflict_detail(a, rid)
    shown = RecordService(a).get(Resource, rid).payload.year
    other = detail.mine if shown == 2012 else detail.theirs[0]
    resolution = resolve_with_choices(a, rid, {"year": other})
    report = resolution_report(a, rid, resolution.version_id)
    assert [(c.field, c.old, c.new) for c in report.changes] == [
        ("Year", str(shown), str(4023 - shown))
    ]
    undone = undo_resolution(a, rid)
    assert [(c.field, c.old, c.new) for c in undone.changes] == [
        ("Year", str(4023 - shown), str(shown))
    ]
    assert RecordService(a).get(Resource, rid).payload.year == shown
    assert list_conflicts(a) == []
    newest = record_history(a, rid).entries[0]
    assert newest.version_id == undone.version_id
    assert newest.parents == [resolution.version_id]
    with pytest.raises(ValueError, match="nothing to undo"):
        undo_resolution(a, rid)  # the record shows the undo, not a resolution
    with pytest.raises(StaleEdit):
        undo_resolution(a, rid, resolution.version_id)


def test_history_lists_only_an_edit_of_a_merged_record_s_own_changes(
    make_store: StoreFactory,
) -> None:
    a, b = make_store(role="hq", name="A"), make_store(role="hq", name="B")
    rid = RecordService(a).create(resource("Guide", year=2010, publisher="UN")).record_id
    deliver(a, b)
    RecordService(a).update(rid, resource("Guide", year=2011, publisher="UN"))
    RecordService(b).update(rid, resource("Guide", year=2010, publisher="UNODC"))
    deliver(b, a)  # different fields: merged, no conflict
    assert list_conflicts(a) == []
    merged = RecordService(a).get(Resource, rid).payload
    assert (merged.year, merged.publisher) == (2011, "UNODC")
    edit = RecordService(a).update(
        rid, merged.model_copy(update={"summary": {"en": "A practical guide"}})
    )
    entry = record_history(a, rid).entries[0]
    assert entry.version_id == edit.version_id
    assert len(entry.parents) == 2
    assert [c.field for c in entry.changes] == ["Summary (English)"]
    with a.read() as session:  # the audit export lists the same
        rows = [r for r in audit_rows(session, 0, 2**62) if r.version_id == edit.version_id]
    assert [r.field for r in rows] == ["Summary (English)"]


def test_two_conflicts_with_the_same_title_say_what_tells_them_apart(
    make_store: StoreFactory,
) -> None:
    a, b = make_store(role="hq", name="A"), make_store(role="hq", name="B")
    items = []
    for year in (2026, 2027):
        plan = ActionPlan(
            country="KEN",
            title=f"Kenya plan {year}",
            period_start=date(year, 1, 1),
            period_end=date(year, 12, 31),
        )
        plan_id = RecordService(a).create(plan).record_id
        item = ActionItem(
            action_plan_id=plan_id, country="KEN", title="Train prosecutors on diversion criteria"
        )
        items.append((RecordService(a).create(item).record_id, item))
    deliver(a, b)
    for store, owner in ((a, "Amina"), (b, "Bruno")):
        for rid, item in items:
            RecordService(store).update(rid, item.model_copy(update={"owner_name": owner}))
    deliver(b, a)
    first, second = (texts_of(a, rid, "en") for rid, _item in items)
    assert first.title == second.title
    assert first.context == "Action plan: Kenya plan 2026 · Kenya"
    assert second.context == "Action plan: Kenya plan 2027 · Kenya"
