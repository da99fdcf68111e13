"""The JSON Schemas in docs/schema/ are what tools/make_schema.py generates, and they hold.

``jsonschema`` is not a dependency, so the files are checked structurally (known draft
2020-12 keywords in schema positions, local ``$ref``s that resolve, patterns that
compile, ``required`` ⊆ ``properties``), and a small validator for the keywords the files
use checks real data against them: the canonical payloads of the default content, and
the manifest, version lines and identity cards of a central bundle exported by HQ.
"""

from __future__ import annotations

import importlib.util
import json
import re
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from icati_desktop.domain.registry import record_types
from icati_desktop.store.content import default_content_versions
from icati_desktop.store.device import Role
from icati_desktop.store.opening import open_store
from icati_desktop.sync.device_setup import initialise_device
from icati_desktop.sync.exporter import export_bundle
from icati_desktop.sync.identity import load_device_keys
from icati_desktop.sync.trust import own_card, trust_card

ROOT = Path(__file__).resolve().parent.parent
SCHEMA_DIR = ROOT / "docs" / "schema"
DIALECT = "https://json-schema.org/draft/2020-12/schema"

# Keywords of JSON Schema draft 2020-12, plus pydantic's OpenAPI-style ``discriminator``.
KEYWORDS = {
    "$schema",
    "$id",
    "$ref",
    "$defs",
    "$comment",
    "$anchor",
    "$dynamicRef",
    "$dynamicAnchor",
    "type",
    "enum",
    "const",
    "title",
    "description",
    "default",
    "examples",
    "deprecated",
    "readOnly",
    "writeOnly",
    "format",
    "properties",
    "patternProperties",
    "additionalProperties",
    "propertyNames",
    "required",
    "minProperties",
    "maxProperties",
    "dependentRequired",
    "dependentSchemas",
    "items",
    "prefixItems",
    "contains",
    "minItems",
    "maxItems",
    "uniqueItems",
    "minContains",
    "maxContains",
    "unevaluatedItems",
    "unevaluatedProperties",
    "minLength",
    "maxLength",
    "pattern",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "allOf",
    "anyOf",
    "oneOf",
    "not",
    "if",
    "then",
    "else",
    "contentEncoding",
    "contentMediaType",
    "discriminator",
}
SCHEMA_VALUED = {
    "items",
    "additionalProperties",
    "propertyNames",
    "not",
    "if",
    "then",
    "else",
    "contains",
    "unevaluatedItems",
    "unevaluatedProperties",
}
SCHEMA_MAPS = {"properties", "patternProperties", "$defs", "dependentSchemas"}
SCHEMA_LISTS = {"anyOf", "oneOf", "allOf", "prefixItems"}
TYPES = {"object", "array", "string", "integer", "number", "boolean", "null"}


def _load_tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_schema", ROOT / "tools" / "make_schema.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("make_schema", module)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def generated() -> dict[str, str]:
    return _load_tool().generate()  # type: ignore[no-any-return]


def _committed() -> dict[str, str]:
    return {
        p.relative_to(SCHEMA_DIR).as_posix(): p.read_text("utf-8")
        for p in sorted(SCHEMA_DIR.rglob("*.schema.json"))
    }


def _schema(name: str) -> dict[str, Any]:
    return json.loads((SCHEMA_DIR / name).read_text("utf-8"))  # type: ignore[no-any-return]


# ---------------------------------------------------------------- the files are up to date


def test_committed_schemas_equal_a_fresh_generation(generated: dict[str, str]) -> None:
    committed = _committed()
    assert sorted(committed) == sorted(generated), (
        "docs/schema/ lists other files than tools/make_schema.py makes: run it"
    )
    for path, text in generated.items():
        assert committed[path] == text, f"docs/schema/{path} is stale: run tools/make_schema.py"


def test_one_payload_schema_per_record_type(generated: dict[str, str]) -> None:
    payloads = {
        p.removeprefix("payloads/").removesuffix(".schema.json")
        for p in generated
        if p.startswith("payloads/")
    }
    assert payloads == set(record_types())
    for record_type, model in record_types().items():
        schema = _schema(f"payloads/{record_type}.schema.json")
        assert schema["x-icati-record-type"] == record_type
        assert schema["x-icati-owner"] == model.owner.value


def test_generation_is_deterministic(generated: dict[str, str]) -> None:
    again = _load_tool().generate()
    assert again == generated
    for text in generated.values():
        assert text.endswith("}\n")
        assert not text.endswith("\n\n")
        assert (
            json.dumps(json.loads(text), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
            == text
        )


# ---------------------------------------------------------------- each file is a JSON Schema


def _subschemas(node: Any, where: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every (location, schema object) of a schema document, keyword-aware."""
    assert isinstance(node, (dict, bool)), f"{where}: a schema is an object or a boolean"
    if isinstance(node, bool):
        return
    yield where, node
    for key, value in node.items():
        if key in SCHEMA_VALUED and not isinstance(value, bool):
            yield from _subschemas(value, f"{where}/{key}")
        elif key in SCHEMA_MAPS:
            assert isinstance(value, dict), f"{where}/{key} is not an object"
            for name, sub in value.items():
                yield from _subschemas(sub, f"{where}/{key}/{name}")
        elif key in SCHEMA_LISTS:
            assert isinstance(value, list), f"{where}/{key} is not a list"
            assert value, f"{where}/{key} is empty"
            for i, sub in enumerate(value):
                yield from _subschemas(sub, f"{where}/{key}/{i}")


def _resolve(root: dict[str, Any], ref: str) -> dict[str, Any]:
    assert ref.startswith("#/"), f"only local references are published, not {ref}"
    node: Any = root
    for part in ref[2:].split("/"):
        assert isinstance(node, dict), f"{ref} does not resolve"
        assert part in node, f"{ref} does not resolve"
        node = node[part]
    assert isinstance(node, dict)
    return node


@pytest.mark.parametrize("name", sorted(_committed()))
def test_each_file_is_a_draft_2020_12_schema(name: str) -> None:
    root = _schema(name)
    assert root["$schema"] == DIALECT
    assert root["$id"].startswith("urn:icati:bundle-format:1:")
    assert root["title"]
    assert root["type"] == "object"
    for where, schema in _subschemas(root, "#"):
        unknown = {k for k in schema if k not in KEYWORDS and not k.startswith("x-")}
        assert not unknown, f"{name} {where}: not JSON Schema keywords: {sorted(unknown)}"
        if "$ref" in schema:
            _resolve(root, schema["$ref"])
        if "type" in schema:
            types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
            assert set(types) <= TYPES, f"{name} {where}: bad type {schema['type']}"
        for key in ("pattern",):
            if key in schema:
                re.compile(schema[key])
        for pattern in schema.get("patternProperties", {}):
            re.compile(pattern)
        if "required" in schema:
            assert set(schema["required"]) <= set(schema.get("properties", {})), where
        if "discriminator" in schema:
            for ref in schema["discriminator"].get("mapping", {}).values():
                _resolve(root, ref)
    ids = [_schema(n)["$id"] for n in _committed()]
    assert len(ids) == len(set(ids))


# ---------------------------------------------------------------- and real data satisfies them


def _type_ok(value: Any, kind: str) -> bool:
    return {
        "object": isinstance(value, dict),
        "array": isinstance(value, list),
        "string": isinstance(value, str),
        "integer": isinstance(value, int) and not isinstance(value, bool),
        "number": isinstance(value, (int, float)) and not isinstance(value, bool),
        "boolean": isinstance(value, bool),
        "null": value is None,
    }[kind]


def errors(root: dict[str, Any], schema: Any, value: Any, where: str = "$") -> list[str]:
    """Violations of the keywords the published files use (enough to check real data)."""
    if schema is True:
        return []
    if schema is False:
        return [f"{where}: not allowed"]
    out: list[str] = []
    if "$ref" in schema:
        out += errors(root, _resolve(root, schema["$ref"]), value, where)
    if "type" in schema:
        kinds = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        if not any(_type_ok(value, k) for k in kinds):
            return [*out, f"{where}: {value!r:.60} is not {schema['type']}"]
    if "const" in schema and value != schema["const"]:
        out.append(f"{where}: {value!r:.60} is not {schema['const']!r}")
    if "enum" in schema and value not in schema["enum"]:
        out.append(f"{where}: {value!r:.60} is not one of {schema['enum']}")
    if isinstance(value, str):
        if "pattern" in schema and not re.search(schema["pattern"], value):
            out.append(f"{where}: {value!r:.60} does not match {schema['pattern']}")
        if len(value) < schema.get("minLength", 0) or len(value) > schema.get("maxLength", 1e18):
            out.append(f"{where}: length {len(value)} out of bounds")
    if _type_ok(value, "number") and not (
        schema.get("minimum", -1e308) <= value <= schema.get("maximum", 1e308)
    ):
        out.append(f"{where}: {value} out of bounds")
    if isinstance(value, list):
        if len(value) < schema.get("minItems", 0) or len(value) > schema.get("maxItems", 1e18):
            out.append(f"{where}: {len(value)} items out of bounds")
        prefix = schema.get("prefixItems", [])
        for i, item in enumerate(value):
            sub = prefix[i] if i < len(prefix) else schema.get("items", True)
            out += errors(root, sub, item, f"{where}[{i}]")
    if isinstance(value, dict):
        props, patterns = schema.get("properties", {}), schema.get("patternProperties", {})
        out += [f"{where}: {k} missing" for k in schema.get("required", []) if k not in value]
        for key, item in value.items():
            matched = [s for p, s in patterns.items() if re.search(p, key)]
            if key in props:
                out += errors(root, props[key], item, f"{where}.{key}")
            for sub in matched:
                out += errors(root, sub, item, f"{where}.{key}")
            if key not in props and not matched:
                out += errors(
                    root, schema.get("additionalProperties", True), item, f"{where}.{key}"
                )
            if "propertyNames" in schema:
                out += errors(root, schema["propertyNames"], key, f"{where} key {key!r}")
    for sub in schema.get("allOf", []):
        out += errors(root, sub, value, where)
    if "anyOf" in schema and all(errors(root, s, value, where) for s in schema["anyOf"]):
        out.append(f"{where}: matches none of anyOf")
    if "oneOf" in schema:
        hits = sum(not errors(root, s, value, where) for s in schema["oneOf"])
        if hits != 1:
            out.append(f"{where}: matches {hits} of oneOf, not exactly one")
    return out


def test_the_validator_catches_violations() -> None:
    schema = _schema("version-line.schema.json")
    line = {
        "deleted": False,
        "hlc": [1, 0],
        "origin": "x",
        "parents": [],
        "payload": {},
        "record_id": "r",
        "record_type": "t",
        "version_id": "0" * 64,
    }
    assert errors(schema, schema, line) == []
    assert errors(schema, schema, {**line, "hlc": [1]})
    assert errors(schema, schema, {**line, "extra": 1})
    assert errors(schema, schema, {**line, "version_id": "A" * 64})
    del line["payload"]
    assert errors(schema, schema, line)


def test_default_content_payloads_satisfy_their_schemas() -> None:
    seen: set[str] = set()
    for version in default_content_versions():
        schema = _schema(f"payloads/{version.record_type}.schema.json")
        found = errors(schema, schema, version.payload)
        assert not found, f"{version.record_type} {version.record_id}: {found[:3]}"
        seen.add(version.record_type)
    assert len(seen) >= 3


def test_an_exported_central_bundle_satisfies_the_schemas(tmp_path: Path) -> None:
    hq = open_store(tmp_path / "hq")
    field = open_store(tmp_path / "field")
    try:
        initialise_device(hq, Role.HQ, "Schema HQ")
        initialise_device(field, Role.FIELD, "Schema field")
        trust_card(hq, own_card(field, load_device_keys(field.data_dir / "keys")))
        out = tmp_path / "central.icati"
        export_bundle(hq, out)
    finally:
        hq.close()
        field.close()
    manifest_schema = _schema("manifest.schema.json")
    line_schema = _schema("version-line.schema.json")
    card_schema = _schema("identity-card.schema.json")
    with zipfile.ZipFile(out) as zf:
        manifest = json.loads(zf.read("manifest.json"))
        assert errors(manifest_schema, manifest_schema, manifest) == []
        assert manifest["enrolled"], "HQ publishes the card of the device it trusts"
        for card in manifest["enrolled"]:
            assert errors(card_schema, card_schema, card) == []
        lines = 0
        for entry in manifest["files"]:
            if entry["kind"] != "versions":
                continue
            payload_schema = _schema(f"payloads/{entry['record_type']}.schema.json")
            for raw in zf.read(entry["path"]).decode("utf-8").splitlines():
                line = json.loads(raw)
                assert errors(line_schema, line_schema, line) == []
                if line["payload"] is not None:
                    assert errors(payload_schema, payload_schema, line["payload"]) == []
                lines += 1
        assert lines == sum(manifest["counts"].values()) > 0


# ---------------------------------------------------------------- docs/bundle-format.md tables


def _table_rows(section: str) -> list[list[str]]:
    """The rows of the tables of one ``## N. Title`` section of docs/bundle-format.md."""
    text = (ROOT / "docs" / "bundle-format.md").read_text("utf-8")
    match = re.search(rf"^## {re.escape(section)}\n(.*?)(?=^##+ |\Z)", text, re.M | re.S)
    assert match, f"docs/bundle-format.md has no section {section!r}"
    rows = []
    for line in match.group(1).splitlines():
        if line.startswith("|") and not re.match(r"^\|[-| ]+\|$", line):
            rows.append([cell.strip() for cell in line.strip("|").split("|")])
    return rows[1:] if rows else rows


def test_the_document_lists_every_rejection_code() -> None:
    from icati_desktop.sync.errors import RejectCode

    listed = [row[0].strip("`") for row in _table_rows("12. Rejection codes")]
    assert sorted(listed) == sorted(code.value for code in RejectCode)
    assert len(listed) == len(set(listed))


def test_the_document_lists_every_record_type_with_its_owner() -> None:
    rows = _table_rows("9. Record types, ownership, winners and conflicts")
    listed = {row[0].strip("`"): (row[1], row[2].strip("`")) for row in rows}
    assert listed == {t: (m.owner.value, m.__name__) for t, m in record_types().items()}


def test_the_document_gives_the_limits_and_their_defaults() -> None:
    from icati_desktop.sync.limits import SyncLimits

    rows = _table_rows("13. Limits")
    listed = {row[0].strip("`"): row[1].split()[0] for row in rows}
    defaults = {f"sync.{k}": str(v) for k, v in SyncLimits().model_dump().items()}
    assert listed == defaults
