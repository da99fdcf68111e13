"""The CSV tables inside an ODK Central "CSV export" zip, read without trusting the zip.

ODK Central exports a form with repeat groups as a zip: the main table ``<FormID>.csv``
and one ``<FormID>-<repeat name>.csv`` per repeat group (media attachments may come
too; they are skipped). The zip comes from elsewhere, so its directory is checked
before any member is read (:mod:`icati_desktop.formats.safe_zip`: at most
:data:`MAX_MEMBERS` members, no names outside it, none encrypted, overlapping or over
:data:`MAX_BYTES` decompressed), and members are read through a capped stream.
"""

from __future__ import annotations

from pathlib import Path

from icati_desktop.formats.safe_zip import (
    UnsafeZip,
    ZipLimits,
    check_directory,
    open_zip,
    read_member,
)
from icati_desktop.formats.submission_files import MAX_BYTES, SubmissionFileError, read_bytes
from icati_desktop.i18n import _

MAX_MEMBERS = 200
"""A form's export has its main table, one table per repeat group and its media."""
LIMITS = ZipLimits(max_members=MAX_MEMBERS, max_member=MAX_BYTES, max_total=4 * MAX_BYTES)


def csv_members(path: Path) -> dict[str, bytes]:
    """The bytes of every ``.csv`` member of the zip at ``path``, by member name, once the
    whole zip passed the checks."""
    read_bytes(path)  # the size limit of any submissions file

    def refuse(why: str) -> UnsafeZip:
        return UnsafeZip(
            _("{name}: {why}; give the ODK Central export as it was downloaded").format(
                name=path.name, why=why
            )
        )

    try:
        with path.open("rb") as handle, open_zip(handle, refuse) as archive:
            infos = check_directory(handle, archive, LIMITS, refuse)
            return {
                info.orig_filename: read_member(archive, info, MAX_BYTES, refuse)
                for info in infos
                if info.orig_filename.lower().endswith(".csv") and not info.is_dir()
            }
    except UnsafeZip as error:
        raise SubmissionFileError(str(error)) from None


def main_table_form(path: Path) -> str | None:
    """The form id an ODK Central export names in its main table (``probation_check`` for
    ``probation_check.csv``): the one CSV without ``PARENT_KEY``; ``None`` when there is
    not exactly one."""
    from icati_desktop.formats.submission_files import csv_bytes_rows

    mains = []
    for name, data in csv_members(path).items():
        rows = csv_bytes_rows(data, name)
        header = {h.strip().lower() for h in (rows[0] if rows else [])}
        if "parent_key" not in header:
            mains.append(name.rsplit("/", 1)[-1][: -len(".csv")])
    return mains[0] if len(mains) == 1 else None


__all__ = ["MAX_MEMBERS", "csv_members", "main_table_form"]
