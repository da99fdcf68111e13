"""Sync screens: the Sync and Devices pages, bundle import and export, conflicts."""

BUNDLE_SUFFIX = ".icati"
"""What a bundle file's name ends with (dropped files, "Open with ICATI Desktop"); the same
as ``store.sync_state.BUNDLE_SUFFIX``, written again so the start path loads no database code."""
