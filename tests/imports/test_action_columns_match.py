"""The action-item export and import read the same columns, in the same order, so an
export edited in Excel imports back (docs/user-guide.md, "Bring in a spreadsheet")."""

from icati_desktop.reports.actions_export import COLUMNS
from icati_desktop.store.imports.actions import ACTION_COLUMNS


def test_the_action_item_export_and_import_share_their_columns() -> None:
    assert ACTION_COLUMNS == COLUMNS
