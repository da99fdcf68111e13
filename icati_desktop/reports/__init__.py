"""Exports (CSV, XLSX, ICS, vCard, GeoJSON) and the PDF country report."""
