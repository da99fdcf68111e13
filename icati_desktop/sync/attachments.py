"""Which attachments a payload references (so a bundle can carry them)."""

from __future__ import annotations

import re
from collections.abc import Iterator
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
            else:
                yield from attachment_hashes(value)
    elif isinstance(payload, list):
        for item in payload:
            yield from attachment_hashes(item)
