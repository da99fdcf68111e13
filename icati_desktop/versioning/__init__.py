"""The versioning core: canonical encoding, the hybrid logical clock, version ids, leaves,
and the winner and merge rules.

Pure (no database, no files, no Qt); ``store/`` and ``sync/`` both build on it, so the
layers read domain → versioning → store → sync.
"""
