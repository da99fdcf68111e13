"""Generate the published JSON Schemas of the bundle format into ``docs/schema/``.

Run from the repository root: ``.venv/bin/python tools/make_schema.py`` (``--check``
only compares, exit status 1 if a file would change). The output is deterministic:
sorted keys, two-space indentation, one trailing newline, so a rebuild from the same
models changes nothing and ``tests/test_published_schema.py`` catches any drift.

Files (JSON Schema draft 2020-12):

* ``manifest.schema.json``: ``manifest.json`` of a bundle (:class:`Manifest`);
* ``version-line.schema.json``: one line of a ``versions/<type>.jsonl`` file;
* ``identity-card.schema.json``: an identity card file (:class:`SignedCard`), also the
  items of a central manifest's ``enrolled`` list;
* ``payloads/<record_type>.schema.json``: the ``payload`` of a version of that type.

The schemas describe what a writer must produce, which is the canonical form of
``docs/bundle-format.md``: decimals are text, times are UTC with a ``Z``, UUIDs are
lowercase, and every property is required, because the canonical bytes (hashed or
signed) include every field, defaults and nulls too. In payload schemas, ``default``
says what to write for a field one has nothing to say about (pydantic's
``default_factory`` defaults included).
"""

from __future__ import annotations

import argparse
import ast
import inspect
import json
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from uuid import uuid4

from pydantic import BaseModel
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import core_schema, to_jsonable_python

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from icati_desktop.domain.registry import record_types  # noqa: E402
from icati_desktop.sync.cards import SignedCard  # noqa: E402
from icati_desktop.sync.manifest import SCHEMA_VERSION, Manifest, VersionLine  # noqa: E402

SCHEMA_DIR = ROOT / "docs" / "schema"
DIALECT = "https://json-schema.org/draft/2020-12/schema"
ID_BASE = "urn:icati:bundle-format:1"

CANONICAL_TIME = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{6})?Z$"
CANONICAL_DATE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
CANONICAL_UUID = r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
CANONICAL_DECIMAL = r"^(0|-?(0\.[0-9]*[1-9]|[1-9][0-9]*(\.[0-9]*[1-9])?))$"
ELEMENT_ID = (
    "Tells the element apart from the others of its list when two devices change the list: "
    "a new random UUID (version 4) for a new element, kept when the element changes "
    "(docs/bundle-format.md, section 4)."
)
_BOUNDS = {"ge": "at least", "gt": "more than", "le": "at most", "lt": "less than"}


def attribute_docs(cls: type) -> dict[str, str]:
    """Docstrings written under annotated attributes (``x: int`` then ``\"\"\"…\"\"\"``)."""
    docs: dict[str, str] = {}
    for klass in reversed(cls.__mro__):
        if not issubclass(klass, BaseModel) or klass is BaseModel:
            continue
        try:
            source = textwrap.dedent(inspect.getsource(klass))
        except (OSError, TypeError):
            continue
        body = ast.parse(source).body[0]
        if not isinstance(body, ast.ClassDef):
            continue
        for node, after in zip(body.body, body.body[1:], strict=False):
            if (
                isinstance(node, ast.AnnAssign)
                and isinstance(node.target, ast.Name)
                and isinstance(after, ast.Expr)
                and isinstance(after.value, ast.Constant)
                and isinstance(after.value.value, str)
            ):
                docs[node.target.id] = inspect.cleandoc(after.value.value)
    return docs


class CanonicalJsonSchema(GenerateJsonSchema):
    """Pydantic's generator, describing the canonical JSON forms instead of the lenient ones."""

    def decimal_schema(self, schema: core_schema.DecimalSchema) -> JsonSchemaValue:
        given: dict[str, Any] = dict(schema)
        bounds = [f"{_BOUNDS[k]} {given[k]}" for k in _BOUNDS if given.get(k) is not None]
        out: JsonSchemaValue = {"type": "string", "pattern": CANONICAL_DECIMAL}
        out["description"] = "A decimal number as text, in canonical form." + (
            f" Bounds: {', '.join(bounds)}." if bounds else ""
        )
        return out

    def datetime_schema(self, schema: core_schema.DatetimeSchema) -> JsonSchemaValue:
        return {"type": "string", "format": "date-time", "pattern": CANONICAL_TIME}

    def date_schema(self, schema: core_schema.DateSchema) -> JsonSchemaValue:
        return {"type": "string", "format": "date", "pattern": CANONICAL_DATE}

    def uuid_schema(self, schema: core_schema.UuidSchema) -> JsonSchemaValue:
        return {"type": "string", "format": "uuid", "pattern": CANONICAL_UUID}

    def dict_schema(self, schema: core_schema.DictSchema) -> JsonSchemaValue:
        out = super().dict_schema(schema)
        if "patternProperties" in out and "additionalProperties" not in out:
            out["additionalProperties"] = False  # the keys are validated: no other key passes
        return out

    def model_schema(self, schema: core_schema.ModelSchema) -> JsonSchemaValue:
        out = super().model_schema(schema)
        cls = schema["cls"]
        docs = attribute_docs(cls)
        for name, prop in out.get("properties", {}).items():
            if name in docs and "description" not in prop:
                prop["description"] = docs[name]
            field = cls.model_fields.get(name)
            if field is not None and field.default_factory is uuid4:
                prop["description"] = ELEMENT_ID  # a fresh value each time: no default
            elif field is not None and field.default_factory is not None and "default" not in prop:
                # pydantic leaves these out; a writer needs them (payloads carry every field)
                prop["default"] = to_jsonable_python(field.get_default(call_default_factory=True))
        return out


def _walk(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list):
        for item in node:
            yield from _walk(item)


def _tidy(schema: dict[str, Any]) -> None:
    """Turn numeric bounds pydantic could not place on a text decimal into prose."""
    for node in _walk(schema):
        stray = {k: node.pop(k) for k in list(node) if k in _BOUNDS}
        if stray:
            words = ", ".join(f"{_BOUNDS[k]} {v}" for k, v in stray.items())
            node["description"] = (node.get("description", "") + f" Bounds: {words}.").strip()


def _require_everything(schema: dict[str, Any], *, keep_defaults: bool) -> None:
    """Every property of every object is required (the canonical bytes include them all).

    A payload's defaults stay as annotations: the value to write when there is nothing to say.
    """
    for node in _walk(schema):
        props = node.get("properties")
        if isinstance(props, dict) and node.get("type") == "object":
            node["required"] = sorted(props)
            if not keep_defaults:
                for prop in props.values():
                    prop.pop("default", None)


def model_schema(
    model: type[BaseModel], name: str, title: str, *, keep_defaults: bool = False
) -> dict[str, Any]:
    schema = model.model_json_schema(schema_generator=CanonicalJsonSchema, mode="validation")
    _tidy(schema)
    _require_everything(schema, keep_defaults=keep_defaults)
    schema["$schema"] = DIALECT
    schema["$id"] = f"{ID_BASE}:{name}"
    schema["title"] = title
    return schema


def _embed_card(manifest: dict[str, Any], card: dict[str, Any]) -> None:
    """The items of ``enrolled`` are identity cards: inline the card schema as a definition."""
    defs = manifest.setdefault("$defs", {})
    body = {k: v for k, v in card.items() if k not in ("$defs", "$id", "$schema", "title")}
    for name, definition in card.get("$defs", {}).items():
        assert defs.get(name, definition) == definition, f"two definitions named {name}"
        defs[name] = definition
    defs["SignedCard"] = {**body, "title": "SignedCard"}
    manifest["properties"]["enrolled"]["items"] = {"$ref": "#/$defs/SignedCard"}


def generate() -> dict[str, str]:
    """Relative path under docs/schema → file text."""
    manifest = model_schema(Manifest, "manifest", "ICATI bundle manifest (manifest.json)")
    card = model_schema(SignedCard, "identity-card", "ICATI identity card (signed)")
    _embed_card(manifest, card)
    out: dict[str, dict[str, Any]] = {
        "manifest.schema.json": manifest,
        "version-line.schema.json": model_schema(
            VersionLine,
            "version-line",
            "ICATI bundle version line (one line of versions/<record_type>.jsonl)",
        ),
        "identity-card.schema.json": card,
    }
    for record_type, model in sorted(record_types().items()):
        schema = model_schema(
            model,
            f"payload:{record_type}",
            f"ICATI {record_type} payload ({model.__name__}, record schema {SCHEMA_VERSION})",
            keep_defaults=True,
        )
        schema["x-icati-record-type"] = record_type
        schema["x-icati-owner"] = model.owner.value
        schema["x-icati-schema-version"] = SCHEMA_VERSION
        out[f"payloads/{record_type}.schema.json"] = schema
    return {
        path: json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
        for path, schema in out.items()
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only compare; change nothing")
    parser.add_argument("--out", type=Path, default=SCHEMA_DIR, help="default: docs/schema")
    args = parser.parse_args(argv)
    files = generate()
    stale = sorted(
        p
        for p in (args.out.rglob("*.schema.json") if args.out.exists() else [])
        if p.relative_to(args.out).as_posix() not in files
    )
    changed = [
        path
        for path, text in files.items()
        if not (args.out / path).exists() or (args.out / path).read_text("utf-8") != text
    ]
    if args.check:
        for path in changed:
            print(f"out of date: {path}", file=sys.stderr)
        for p in stale:
            print(f"not generated any more: {p.relative_to(args.out)}", file=sys.stderr)
        return 1 if changed or stale else 0
    for path in changed:
        target = args.out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(files[path], encoding="utf-8", newline="\n")
    for p in stale:
        p.unlink()
    print(f"{len(files)} schemas in {args.out}: {len(changed)} written, {len(stale)} removed")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
