"""Sync screens: the Sync and Devices pages, bundle import and export, conflicts."""

BUNDLE_SUFFIX = ".icati"
"""What a bundle file's name ends with (dropped files, "Open with ICATI Desktop")."""
