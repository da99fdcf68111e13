"""Encoding and decoding one version as one canonical JSON line."""

from __future__ import annotations

from json.encoder import encode_basestring

from icati_desktop.versioning.canonical import canonical_json
from icati_desktop.versioning.hlc import Timestamp
from icati_desktop.versioning.version import Version


def _text(value: str) -> str:
    return encode_basestring(value)  # json.dumps(value, ensure_ascii=False), without its set-up


def version_line(
    *,
    version_id: str,
    record_type: str,
    record_id: str,
    parents_json: str,
    hlc: Timestamp,
    origin: str,
    deleted: bool,
    payload_json: str,
) -> str:
    """The canonical JSON of a version, built from stored (already canonical) parts."""
    return (
        f'{{"deleted":{"true" if deleted else "false"},"hlc":[{hlc.ms},{hlc.counter}],'
        f'"origin":{_text(origin)},"parents":{parents_json},"payload":{payload_json},'
        f'"record_id":{_text(record_id)},"record_type":{_text(record_type)},'
        f'"version_id":{_text(version_id)}}}'
    )


def version_from_line_fields(fields: dict[str, object]) -> Version:
    """A version from a validated line's fields (its id still has to be verified)."""
    hlc = fields["hlc"]
    assert isinstance(hlc, (list, tuple))
    parents = fields["parents"]
    assert isinstance(parents, list)
    return Version(
        version_id=str(fields["version_id"]),
        record_type=str(fields["record_type"]),
        record_id=str(fields["record_id"]),
        parents=tuple(sorted(str(p) for p in parents)),
        hlc=Timestamp(int(hlc[0]), int(hlc[1])),
        origin=str(fields["origin"]),
        deleted=bool(fields["deleted"]),
        payload_json=canonical_json(fields["payload"]),
    )
