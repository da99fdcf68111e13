"""ICATI Desktop: offline-first support for alternatives to incarceration."""

__version__ = "0.1.0"
