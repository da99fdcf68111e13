"""Canonical encoding, clocks, merge rules, bundles and trust."""
