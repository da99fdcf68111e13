from icati_desktop.versioning.hlc import Timestamp
from icati_desktop.versioning.winner import LeafInfo, choose_winner, is_conflict, leaves_of


def leaf(vid: str, ms: int, origin: str = "a", deleted: bool = False) -> LeafInfo:
    return LeafInfo(vid, Timestamp(ms, 0), origin, deleted)


def test_an_edit_beats_a_later_concurrent_delete() -> None:
    edit, delete = leaf("e", 100), leaf("d", 900, deleted=True)
    assert choose_winner([delete, edit]) == edit
    assert is_conflict([edit, delete])


def test_then_the_highest_clock_then_origin_wins() -> None:
    assert choose_winner([leaf("x", 5), leaf("y", 7)]).version_id == "y"
    assert choose_winner([leaf("x", 7, "b"), leaf("y", 7, "a")]).version_id == "x"


def test_deletions_that_agree_are_not_a_conflict() -> None:
    assert not is_conflict([leaf("x", 1, deleted=True), leaf("y", 2, deleted=True)])
    assert not is_conflict([leaf("x", 1)])


def test_leaves_are_versions_nobody_names_as_parent() -> None:
    parents = {"b": ("a",), "c": ("a",), "d": ("b", "c")}
    assert leaves_of(["a", "b", "c"], parents) == {"b", "c"}
    assert leaves_of(["a", "b", "c", "d"], parents) == {"d"}
    # Only direct parent links count: until b and c arrive, a is still a leaf.
    assert leaves_of(["d", "a"], parents) == {"a", "d"}
