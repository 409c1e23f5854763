"""The JSON Schema printed by `schema` accepts the bundled files and rejects broken ones."""

from __future__ import annotations

import datetime

import jsonschema
import pytest
import yaml

from harcelement_kit.content.schema import module_schema, resources_schema, structures_schema
from harcelement_kit.paths import bundled_content_dir

from conftest import DATA


def _as_json(value):
    """What an editor's YAML plugin hands to the schema: dates are strings."""
    if isinstance(value, dict):
        return {str(k): _as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_json(v) for v in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _files():
    return sorted(bundled_content_dir().glob("*.yaml")) + sorted((DATA / "modules-perso").glob("*.yaml"))


@pytest.mark.parametrize("path", _files(), ids=lambda p: p.name)
def test_schema_validates_content_files(path):
    schema = {"ressources.yaml": resources_schema(), "structures.yaml": structures_schema()}.get(
        path.name
    ) or module_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(
        _as_json(yaml.safe_load(path.read_text(encoding="utf-8"))), schema, cls=jsonschema.Draft202012Validator
    )


@pytest.mark.parametrize(
    "breakage",
    [
        lambda m: m.pop("titre"),
        lambda m: m.update(titr="x"),
        lambda m: m["activites"][0].update(type="quiz"),
        lambda m: m["activites"][0].update(question=""),
        lambda m: m.update(duree_minutes="vingt"),
    ],
)
def test_schema_rejects_broken_modules(breakage):
    module = _as_json(yaml.safe_load((bundled_content_dir() / "qcm.yaml").read_text(encoding="utf-8")))
    breakage(module)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(module, module_schema(), cls=jsonschema.Draft202012Validator)


def test_schema_rejects_a_structure_without_a_name():
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(
            {"structures": [{"code": "afev"}]}, structures_schema(), cls=jsonschema.Draft202012Validator
        )
