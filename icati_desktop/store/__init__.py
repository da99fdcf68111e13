"""The versioned store: immutable versions, materialised current tables, services."""
