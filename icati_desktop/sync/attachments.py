"""Which attachments a payload references (so a bundle can carry them)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

_SHA256 = re.compile(r"^[0-9a-f]{64}$")


def attachment_hashes(payload: Any) -> Iterator[str]:
    """SHA-256s under ``sha256`` keys or in ``attachments`` lists, anywhere in a payload."""
    if isinstance(payload, dict):
        for key, value in payload.items():
            if key == "sha256" and isinstance(value, str) and _SHA256.match(value):
                yield value
            elif key == "attachments" and isinstance(value, list):
                for item in value:
                    if isinstance(item, str) and _SHA256.match(item):
                        yield item
                    else:
                        yield from attachment_hashes(item)
            elif isinstance(value, (dict, list)):  # nothing else can hold an attachment
                yield from attachment_hashes(value)
    elif isinstance(payload, list):
        for item in payload:
            if isinstance(item, (dict, list)):
                yield from attachment_hashes(item)


def missing_attachment(payload: Any, available: Callable[[str], bool]) -> str | None:
    """The first attachment a payload names that is not ``available``, or None."""
    for sha256 in attachment_hashes(payload):
        if not available(sha256):
            return sha256
    return None
