"""Reading a table from a spreadsheet (XLSX or CSV) for the imports."""

from icati_desktop.formats.spreadsheet.read import (
    MAX_ROWS,
    Cell,
    SheetRow,
    Table,
    TableUnreadable,
    read_table,
)

__all__ = ["MAX_ROWS", "Cell", "SheetRow", "Table", "TableUnreadable", "read_table"]
