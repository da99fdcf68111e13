#!/usr/bin/env python3
"""Write a signed ICATI central bundle from a JSON file of records.

A worked example of docs/bundle-format.md. It uses only the Python standard library and
the ``cryptography`` package (for Ed25519), and deliberately does not import ICATI
Desktop: canonical JSON, version ids, the manifest and the signature are built here from
the published description alone.

    python write_central_bundle.py --key HQ_DATA_DIR/keys/signing-key.pem \\
        --device-id 0123456789abcdef0123456789abcdef --name "ICATI HQ" \\
        --records records.json --sequence 42 --out central-42.icati

``records.json`` is a JSON array of objects:

    {"record_type": "resource",             required: a record type (docs/schema/payloads)
     "record_id": "lowercase uuid",         optional: a new uuid4 by default
     "payload": {...},                      the payload (omit or null with "deleted": true)
     "deleted": false,                      optional
     "parents": ["version id", ...],        optional: the versions this one replaces
     "hlc": [milliseconds, counter],        optional: now, with increasing counters
     "origin": "device id"}                 optional: the signer's device id

The payload must already be in canonical form (decimals as text, times as UTC with a
``Z``): this script cannot know which text field is a decimal, so it does not convert.
It prints a JSON summary: the bundle id, the manifest's SHA-256 (the next bundle's
``--previous-sha256``) and the id of every version written.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import sys
import unicodedata
import uuid
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

FORMAT = "icati-bundle"
FORMAT_VERSION = 1
SCHEMA_VERSION = 1
WRITER = "write_central_bundle.py 1"  # manifest app_version: at most 40 characters
LIFETIME = timedelta(days=365)


class Refused(ValueError):
    pass


# ---------------------------------------------------------------- canonical JSON


def _reject_float(text: str) -> Any:
    raise Refused(f'the number {text} is not whole: write decimals as text, e.g. "{text}"')


def canonical_value(value: Any) -> Any:
    """NFC every string (keys too); refuse what has no canonical form."""
    if value is None or isinstance(value, (bool, int)):
        return value
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, float):
        raise Refused("floats have no canonical form: write decimals as text")
    if isinstance(value, list):
        return [canonical_value(item) for item in value]
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for key, item in value.items():
            nkey = unicodedata.normalize("NFC", key)
            if nkey in out:
                raise Refused(f"the key {nkey!r} appears twice after NFC normalisation")
            out[nkey] = canonical_value(item)
        return out
    raise Refused(f"no canonical form for {type(value).__name__}")


def canonical_bytes(value: Any) -> bytes:
    """Keys sorted by code point, no whitespace, UTF-8, non-ASCII written as itself."""
    text = json.dumps(
        canonical_value(value),
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
        allow_nan=False,
    )
    return text.encode("utf-8")


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def utc_text(moment: datetime) -> str:
    """A time in canonical form: UTC, ``Z``, six fraction digits only when non-zero."""
    moment = moment.astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ" if moment.microsecond else "%Y-%m-%dT%H:%M:%SZ")


# ---------------------------------------------------------------- payload defaults


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object" if isinstance(value, dict) else "?"


def _fits(schema: dict[str, Any], value: Any) -> bool:
    """Whether a value could be of this (resolved) branch: its type and its constants."""
    kind = schema.get("type")
    if kind is not None and _json_type(value) not in (kind if isinstance(kind, list) else [kind]):
        return False
    if isinstance(value, dict):
        props = schema.get("properties", {})
        if schema.get("additionalProperties") is False and not value.keys() <= props.keys():
            return False
        return all(
            "const" not in sub or value.get(key, sub.get("default")) == sub["const"]
            for key, sub in props.items()
        )
    return "const" not in schema or value == schema["const"]


def _resolve(root: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:  # the published schemas only use local "#/$defs/…" references
        node: Any = root
        for part in schema["$ref"].removeprefix("#/").split("/"):
            node = node[part]
        schema = node
    return schema


def fill_defaults(root: dict[str, Any], schema: dict[str, Any], value: Any) -> Any:
    """The value with every property a schema gives a ``default`` for filled in (a payload
    carries every field, defaults too: docs/bundle-format.md "Payloads")."""
    schema = _resolve(root, schema)
    for key in ("anyOf", "oneOf"):
        if key in schema:
            for branch in (_resolve(root, b) for b in schema[key]):
                if _fits(branch, value):
                    return fill_defaults(root, branch, value)
            return value
    if isinstance(value, dict):
        props = schema.get("properties", {})
        out = dict(value)
        for key, sub in props.items():
            if key not in out and "default" in sub:
                out[key] = json.loads(json.dumps(sub["default"]))
        return {k: fill_defaults(root, props[k], v) if k in props else v for k, v in out.items()}
    if isinstance(value, list) and isinstance(schema.get("items"), dict):
        return [fill_defaults(root, schema["items"], item) for item in value]
    return value


# ---------------------------------------------------------------- versions


def make_version(record: dict[str, Any], origin: str, hlc: list[int]) -> dict[str, Any]:
    """One version line's fields, with its id: the SHA-256 of the canonical content."""
    deleted = bool(record.get("deleted", False))
    payload = record.get("payload")
    if deleted != (payload is None):
        raise Refused("a deletion has no payload and an edit has one")
    content = {
        "deleted": deleted,
        "hlc": hlc,
        "origin": origin,
        "parents": sorted(set(record.get("parents", []))),
        "payload": canonical_value(payload),
        "record_id": str(record.get("record_id") or uuid.uuid4()),
        "record_type": record["record_type"],
    }
    return {**content, "version_id": sha256_hex(canonical_bytes(content))}


def read_records(
    path: Path, origin: str, now_ms: int, schemas: Path | None
) -> list[dict[str, Any]]:
    records = json.loads(path.read_text("utf-8"), parse_float=_reject_float)
    if not isinstance(records, list):
        raise Refused(f"{path} must hold a JSON array of records")
    versions = []
    for counter, record in enumerate(records):
        if schemas is not None and record.get("payload") is not None:
            schema_file = schemas / "payloads" / f"{record['record_type']}.schema.json"
            schema = json.loads(schema_file.read_text("utf-8"))
            record = {**record, "payload": fill_defaults(schema, schema, record["payload"])}
        hlc = record.get("hlc") or [now_ms, counter]
        versions.append(make_version(record, record.get("origin") or origin, list(hlc)))
    return versions


# ---------------------------------------------------------------- the bundle


def signing_key(path: Path) -> tuple[Ed25519PrivateKey, bytes]:
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise Refused(f"{path} is not an Ed25519 private key")
    public = key.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
    return key, public


def write_bundle(args: argparse.Namespace) -> dict[str, Any]:
    key, public = signing_key(args.key)
    device_id = hashlib.sha256(public).hexdigest()[:32]
    if args.device_id != device_id:
        raise Refused(f"the key belongs to device {device_id}, not {args.device_id}")
    now = datetime.now(UTC)
    now_ms = int(now.timestamp() * 1000)
    versions = read_records(args.records, device_id, now_ms, args.fill_defaults_from)

    files: list[dict[str, Any]] = []
    members: list[tuple[str, bytes]] = []
    counts: dict[str, int] = {}
    for record_type in sorted({v["record_type"] for v in versions}):
        mine = sorted(
            (v for v in versions if v["record_type"] == record_type),
            key=lambda v: (v["record_id"], v["hlc"]),  # one record's versions together
        )
        data = b"".join(canonical_bytes(v) + b"\n" for v in mine)
        path = f"versions/{record_type}.jsonl"
        members.append((path, data))
        counts[record_type] = len(mine)
        files.append(
            {
                "count": len(mine),
                "kind": "versions",
                "path": path,
                "record_type": record_type,
                "sha256": sha256_hex(data),
                "size": len(data),
            }
        )
    for blob in args.blob:
        data = blob.read_bytes()
        path = f"blobs/{sha256_hex(data)}"
        if path not in {f["path"] for f in files}:
            members.append((path, data))
            files.append(
                {
                    "count": None,
                    "kind": "blob",
                    "path": path,
                    "record_type": None,
                    "sha256": sha256_hex(data),
                    "size": len(data),
                }
            )

    stamps = [v["hlc"] for v in versions]
    top = max(stamps, default=[0, 0])
    created_hlc = [now_ms, 0] if now_ms > top[0] else [top[0], top[1] + 1]
    manifest = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "schema_version": SCHEMA_VERSION,
        "app_version": WRITER,
        "bundle_id": str(uuid.uuid4()),
        "kind": "central",
        "source": {
            "device_id": device_id,
            "role": "hq",
            "name": args.name,
            "signing_key": base64.b64encode(public).decode("ascii"),
        },
        "recipients": [],
        "sequence": args.sequence,
        "previous_manifest_sha256": args.previous_sha256,
        "created_at": utc_text(now),
        "expires_at": utc_text(now + LIFETIME),
        "created_hlc": created_hlc,
        "min_hlc": min(stamps) if stamps else None,
        "max_hlc": max(stamps) if stamps else None,
        "ack_basis": None,
        "acks": {},
        "enrolled": [json.loads(card.read_text("utf-8")) for card in args.card],
        "revoked": sorted(set(args.revoke)),
        "files": files,
        "counts": counts,
    }
    manifest_bytes = canonical_bytes(manifest)
    signature = key.sign(manifest_bytes)  # Ed25519: 64 raw bytes

    partial = args.out.with_name(args.out.name + ".partial")
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for path, data in members:
            zf.writestr(path, data)
        zf.writestr("manifest.json", manifest_bytes)
        zf.writestr("manifest.sig", signature)
    partial.replace(args.out)
    return {
        "path": str(args.out),
        "bundle_id": manifest["bundle_id"],
        "sequence": args.sequence,
        "manifest_sha256": sha256_hex(manifest_bytes),
        "versions": [
            {
                "record_type": v["record_type"],
                "record_id": v["record_id"],
                "version_id": v["version_id"],
            }
            for v in versions
        ],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write a signed ICATI central bundle.")
    parser.add_argument("--key", type=Path, required=True, help="HQ's keys/signing-key.pem")
    parser.add_argument("--device-id", required=True, help="HQ's device id (32 hex digits)")
    parser.add_argument("--name", required=True, help="HQ's name, as on its identity card")
    parser.add_argument("--records", type=Path, required=True, help="JSON array of records")
    parser.add_argument(
        "--sequence",
        type=int,
        required=True,
        help="higher than every central bundle this HQ key signed before",
    )
    parser.add_argument(
        "--previous-sha256",
        default=None,
        help="manifest SHA-256 of the previous bundle this key signed",
    )
    parser.add_argument(
        "--blob",
        type=Path,
        action="append",
        default=[],
        help="a file to carry as blobs/<sha256> (repeatable)",
    )
    parser.add_argument(
        "--card",
        type=Path,
        action="append",
        default=[],
        help="an identity card file to publish as enrolled (repeatable)",
    )
    parser.add_argument(
        "--revoke", action="append", default=[], help="a device id HQ has revoked (repeatable)"
    )
    parser.add_argument(
        "--fill-defaults-from",
        type=Path,
        default=None,
        metavar="SCHEMA_DIR",
        help="fill in omitted payload fields from the published schemas' defaults (docs/schema)",
    )
    parser.add_argument("--out", type=Path, required=True, help="the bundle file to write")
    args = parser.parse_args(argv)
    if args.sequence < 1:
        parser.error("--sequence starts at 1")
    try:
        summary = write_bundle(args)
    except (Refused, OSError, ValueError, KeyError) as exc:
        print(f"write_central_bundle: {exc}", file=sys.stderr)
        return 1
    print(json.dumps(summary, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
