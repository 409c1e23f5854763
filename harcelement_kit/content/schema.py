"""The JSON Schema of the content format, for editors that autocomplete YAML."""

from __future__ import annotations

from harcelement_kit.content.format import MODULE, RESOURCES_FILE, STRUCTURES_FILE

__all__ = ["module_schema", "resources_schema", "structures_schema"]

_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def module_schema() -> dict:
    """Schema of one module file (quizzes/*.yaml)."""
    return {"$schema": _DIALECT, "title": "Module harcelement-kit", **MODULE.json_schema()}


def resources_schema() -> dict:
    """Schema of quizzes/ressources.yaml."""
    return {"$schema": _DIALECT, "title": "Ressources harcelement-kit", **RESOURCES_FILE.json_schema()}


def structures_schema() -> dict:
    """Schema of structures.yaml (the structures and their names)."""
    return {"$schema": _DIALECT, "title": "Structures harcelement-kit", **STRUCTURES_FILE.json_schema()}
