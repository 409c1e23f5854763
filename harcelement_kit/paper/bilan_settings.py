"""The bilan PDF's title-page settings from a small YAML file (bilan.yaml in the data
folder, or `bilan --reglages F.yaml`), so that a structure writes its funder,
programme and logos once instead of on every command line:

    financeur: Ville de Lille
    programme: Ensemble contre le harcèlement
    logos:
      - logos/structure.png    # relative to the file
      - logos/ville.jpg

A bad file gives a French message naming the file and the line, never a traceback."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from harcelement_kit.errors import yaml_reason
from harcelement_kit.paper.sheet import PaperError

__all__ = ["BilanSettings", "load_bilan_settings", "SETTINGS_FILE"]

SETTINGS_FILE = "bilan.yaml"
KEYS = ("financeur", "programme", "logos")
MAX_TEXT = 200  # a name on a title page, not a paragraph
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg")


@dataclass
class BilanSettings:
    funder: str | None = None
    programme: str | None = None
    logos: list[Path] = field(default_factory=list)


def load_bilan_settings(path: Path) -> BilanSettings:
    """The settings of `path`; PaperError with « file, ligne N : what was expected »."""
    name = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise PaperError(f"{name} : fichier de réglages introuvable") from None
    except UnicodeDecodeError:
        raise PaperError(f"{name} : le fichier n'est pas du texte UTF-8 (attendu : un fichier YAML)") from None
    except OSError as exc:
        raise PaperError(f"{name} : le fichier ne peut pas être lu ({exc.strerror or 'erreur'})") from None
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f", ligne {mark.line + 1}" if mark else ""
        raise PaperError(f"{name}{where} : {yaml_reason(getattr(exc, 'problem', '') or '')}") from None
    settings = BilanSettings()
    if root is None:
        return settings  # an empty file: the defaults
    if not isinstance(root, yaml.MappingNode):
        raise PaperError(
            f"{name}, ligne {root.start_mark.line + 1} : attendu des lignes « clé : valeur » ({', '.join(KEYS)})"
        )
    for key_node, value_node in root.value:
        key, line = key_node.value, key_node.start_mark.line + 1
        if key not in KEYS:
            raise PaperError(
                f"{name}, ligne {line} : « {key} » n'est pas un réglage connu (attendu : {', '.join(KEYS)})"
            )
        if key in ("financeur", "programme"):
            if not isinstance(value_node, yaml.ScalarNode) or not value_node.value.strip():
                raise PaperError(f"{name}, ligne {line} : {key} : attendu un texte, ex. {key} : Ville de Lille")
            value = " ".join(value_node.value.split())
            if len(value) > MAX_TEXT:
                raise PaperError(
                    f"{name}, ligne {line} : {key} : texte trop long (attendu : au plus {MAX_TEXT} caractères)"
                )
            setattr(settings, "funder" if key == "financeur" else "programme", value)
            continue
        nodes = value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
        for node in nodes:
            at = node.start_mark.line + 1
            if not isinstance(node, yaml.ScalarNode) or not node.value.strip():
                raise PaperError(
                    f"{name}, ligne {at} : logos : attendu une liste de fichiers image, ex. « - logos/structure.png »"
                )
            logo = Path(path).parent / node.value.strip()  # relative to the settings file
            if logo.suffix.lower() not in IMAGE_SUFFIXES:
                raise PaperError(f"{name}, ligne {at} : logos : « {node.value} » n'est pas une image PNG ou JPEG")
            if not logo.is_file():
                raise PaperError(f"{name}, ligne {at} : logos : fichier introuvable : {logo}")
            settings.logos.append(logo)
    return settings
