"""What changed between two versions of a form, and how their items pair up."""

from __future__ import annotations

from typing import Any

import pytest

from icati_desktop.domain.form_diff import ItemPair, diff_forms, pair_items
from icati_desktop.domain.form_versions import FormVersionStatus, with_crosswalk
from icati_desktop.domain.forms import CrosswalkEntry, FormDefinition
from tests.formats.small_form import small_form_data


def form(data: dict[str, Any]) -> FormDefinition:
    return FormDefinition.model_validate(data)


def later_data() -> dict[str, Any]:
    """Version 2 of the small form: one item renamed, one removed, one added, one
    relabelled, one with a new rule, a choice added, a phase rule and a domain retitled."""
    data = small_form_data("2")
    d1 = data["domains"][0]["elements"]
    d1[1]["name"] = "legal_basis"  # law → legal_basis
    details = d1[2]["items"]
    details[1]["relevant"] = "${has_strategy} = 'yes'"  # strategy_year: a rule
    details[2]["label"] = {"en": "When was it adopted?"}  # adopted_on: relabelled
    del details[3]  # comment: removed
    details.append({"kind": "item", "name": "funding", "type": "decimal", "label": {"en": "$"}})
    data["choice_lists"][1]["choices"].append({"name": "ngo", "label": {"en": "NGOs"}})
    data["domains"][1]["title"] = {"en": "Coordination & partners"}
    data["phase_rules"] = [
        {"phase": 2, "conditions": [{"kind": "domain_at_least", "domain": "D1", "min": 1}]}
    ]
    return data


def test_changes_are_sorted_into_added_removed_relabelled_and_rules() -> None:
    earlier, later = form(small_form_data("1")), form(later_data())
    diff = diff_forms(earlier, later)
    assert (diff.earlier_version, diff.later_version) == ("1", "2")
    assert [d.name for d in diff.of("added")] == ["legal_basis", "funding"]
    assert [d.name for d in diff.of("removed")] == ["law", "comment"]
    assert [d.name for d in diff.of("relabelled")] == ["adopted_on"]
    assert [(d.name, d.changes) for d in diff.of("rules")] == [
        ("strategy_year", ("relevant",)),
        ("partners", ("choices",)),
    ]
    assert diff.domains_retitled == ("D2",)
    assert diff.choice_lists_changed == ("agencies",)
    assert diff.phase_rules_changed == (2,)
    assert not diff.scale_changed
    assert not diff.scoring_changed
    assert not diff.unchanged
    assert diff_forms(earlier, earlier).unchanged


def test_the_crosswalk_pairs_a_renamed_item_and_beats_a_same_name_match() -> None:
    earlier, later = form(small_form_data("1")), form(later_data())
    pairs = pair_items(earlier, later)
    assert ItemPair("law", None, None) in pairs
    assert ItemPair(None, "legal_basis", None) in pairs
    assert ItemPair("budget", "budget", "same name") in pairs

    status = FormVersionStatus(
        form_id="small",
        version="2",
        crosswalk=[
            CrosswalkEntry(from_form_version="1", from_item="law", to_item="legal_basis"),
            CrosswalkEntry(from_form_version="1", from_item="comment", to_item="budget"),
        ],
    )
    walked = with_crosswalk(later, status)
    diff = diff_forms(earlier, walked)
    pairs = list(diff.pairs)
    assert ItemPair("law", "legal_basis", "crosswalk") in pairs
    assert ItemPair("comment", "budget", "crosswalk") in pairs
    assert ItemPair("budget", None, None) in pairs  # its name now goes to another item
    renamed = next(d for d in diff.items if d.later == "legal_basis")
    assert renamed.changes == ("renamed",)
    moved = next(d for d in diff.items if d.later == "budget")
    assert set(moved.changes) >= {"renamed", "moved", "type", "label"}
    # A crosswalk from another version plays no part.
    other = FormVersionStatus(
        form_id="small",
        version="2",
        crosswalk=[CrosswalkEntry(from_form_version="0", from_item="law", to_item="legal_basis")],
    )
    assert ItemPair("law", None, None) in pair_items(earlier, with_crosswalk(later, other))


def test_a_status_refuses_a_crosswalk_that_maps_twice_or_from_itself() -> None:
    entry = CrosswalkEntry(from_form_version="1", from_item="law", to_item="legal_basis")
    with pytest.raises(ValueError, match="twice"):
        FormVersionStatus(form_id="small", version="2", crosswalk=[entry, entry])
    with pytest.raises(ValueError, match="earlier version"):
        FormVersionStatus(
            form_id="small",
            version="2",
            crosswalk=[entry.model_copy(update={"from_form_version": "2"})],
        )
    with pytest.raises(ValueError, match="two forms"):
        diff_forms(form(small_form_data()), form({**small_form_data(), "form_id": "other"}))
