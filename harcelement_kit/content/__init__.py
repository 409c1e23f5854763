"""The content model: activity kinds, resources, the YAML loader and its problems (no UI imports)."""

from harcelement_kit.content.library import Library, load_bundled_library, load_library
from harcelement_kit.content.model import Module, Resource
from harcelement_kit.content.problems import Problem

__all__ = ["Library", "load_library", "load_bundled_library", "Module", "Resource", "Problem"]
