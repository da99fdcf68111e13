"""Read and validate the default content shipped in ``resources/content/``.

Every store starts from the same defaults: countries, the resource library (with the
ATI Basics webinars), curricula, the default assessment form and the network's
groups. Each record gets a
deterministic id from :func:`~icati_desktop.domain.ids.content_record_id`, so two
stores built from the same files hold identical records. These functions only read
and validate; inserting the records is the store's job.

File format: each JSON file is a list of payloads, except that library and webinar
entries also carry a ``key`` (their natural key) and may name a curriculum by its
``curriculum`` code instead of a record id. Forms are one file per form version in
``forms/``, keyed ``form_id@version``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, TypeVar
from uuid import UUID

from pydantic import BaseModel, ValidationError

from icati_desktop.domain.base import RecordPayload
from icati_desktop.domain.countries import Country, country_record_id
from icati_desktop.domain.forms import FormDefinition
from icati_desktop.domain.ids import content_record_id
from icati_desktop.domain.library import Curriculum, Resource
from icati_desktop.domain.network_groups import NetworkGroup

Model = TypeVar("Model", bound=BaseModel)

RESOURCE_FILES = ("library.json", "webinars.json")


class ContentError(ValueError):
    """Default content that does not validate; the message names the file and entry."""


def _read_list(path: Path) -> list[dict[str, Any]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ContentError(f"{path}: cannot read JSON ({error})") from error
    if not isinstance(data, list) or not all(isinstance(entry, dict) for entry in data):
        raise ContentError(f"{path}: expected a list of objects")
    return data


def _validate(model: type[Model], entry: dict[str, Any], where: str) -> Model:
    try:
        return model.model_validate(entry)
    except ValidationError as error:
        raise ContentError(f"{where}: {error}") from error


def _check_unique(keys: list[str], where: object) -> None:
    repeated = sorted({key for key in keys if keys.count(key) > 1})
    if repeated:
        raise ContentError(f"{where}: repeated keys {', '.join(repeated)}")


def load_countries(directory: Path) -> list[tuple[UUID, Country]]:
    path = directory / "countries.json"
    countries = [
        _validate(Country, entry, f"{path} entry {index}")
        for index, entry in enumerate(_read_list(path))
    ]
    _check_unique([c.alpha3 for c in countries], path)
    _check_unique([c.alpha2 for c in countries], path)
    return [(country_record_id(c.alpha3), c) for c in countries]


def curriculum_record_id(code: str) -> UUID:
    return content_record_id(Curriculum.record_type, code)


def load_curricula(directory: Path) -> list[tuple[UUID, Curriculum]]:
    path = directory / "curricula.json"
    curricula = [
        _validate(Curriculum, entry, f"{path} entry {index}")
        for index, entry in enumerate(_read_list(path))
    ]
    _check_unique([c.code for c in curricula], path)
    return [(curriculum_record_id(c.code), c) for c in curricula]


def load_resources(directory: Path) -> list[tuple[UUID, Resource]]:
    """The library and webinar entries; a ``curriculum`` code must name a default curriculum."""
    codes = {curriculum.code for _, curriculum in load_curricula(directory)}
    loaded: list[tuple[str, Resource]] = []
    for name in RESOURCE_FILES:
        path = directory / name
        for index, raw in enumerate(_read_list(path)):
            entry = dict(raw)
            key = entry.pop("key", None)
            if not isinstance(key, str) or not key:
                raise ContentError(f"{path} entry {index}: needs a non-empty 'key'")
            code = entry.pop("curriculum", None)
            if code is not None:
                if code not in codes:
                    raise ContentError(f"{path} {key}: unknown curriculum {code!r}")
                entry["curriculum_id"] = str(curriculum_record_id(code))
            loaded.append((key, _validate(Resource, entry, f"{path} {key}")))
    _check_unique([key for key, _ in loaded], f"{directory} (library.json, webinars.json)")
    return [(content_record_id(Resource.record_type, key), res) for key, res in loaded]


def load_groups(directory: Path) -> list[tuple[UUID, NetworkGroup]]:
    """The network's groups the seed names (affinity groups, the advisory group), no members."""
    path = directory / "groups.json"
    if not path.exists():  # a content release prepared before groups were shipped
        return []
    loaded: list[tuple[str, NetworkGroup]] = []
    for index, raw in enumerate(_read_list(path)):
        entry = dict(raw)
        key = entry.pop("key", None)
        if not isinstance(key, str) or not key:
            raise ContentError(f"{path} entry {index}: needs a non-empty 'key'")
        loaded.append((key, _validate(NetworkGroup, entry, f"{path} {key}")))
    _check_unique([key for key, _ in loaded], path)
    return [(content_record_id(NetworkGroup.record_type, key), group) for key, group in loaded]


def form_record_id(form_id: str, version: str) -> UUID:
    """Each version of a form is its own record."""
    return content_record_id(FormDefinition.record_type, f"{form_id}@{version}")


def load_forms(directory: Path) -> list[tuple[UUID, FormDefinition]]:
    forms: list[tuple[UUID, FormDefinition]] = []
    for path in sorted((directory / "forms").glob("*.json")):
        try:
            entry = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise ContentError(f"{path}: cannot read JSON ({error})") from error
        form = _validate(FormDefinition, entry, str(path))
        forms.append((form_record_id(form.form_id, form.version), form))
    _check_unique([str(record_id) for record_id, _ in forms], directory / "forms")
    return forms


def load_all(directory: Path) -> list[tuple[UUID, RecordPayload]]:
    """Every default record, referenced records (curricula) before those that refer to them."""
    records: list[tuple[UUID, RecordPayload]] = []
    records += load_countries(directory)
    records += load_curricula(directory)
    records += load_resources(directory)
    records += load_forms(directory)
    records += load_groups(directory)
    return records


__all__ = [
    "ContentError",
    "curriculum_record_id",
    "form_record_id",
    "load_all",
    "load_countries",
    "load_curricula",
    "load_forms",
    "load_groups",
    "load_resources",
]
