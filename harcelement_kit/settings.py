"""The animateur's remembered choices (structure, lieu…) in the data folder.

Only the séance fields of the last séance are kept: never anything about a pupil.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

__all__ = ["load_defaults", "save_defaults", "REMEMBERED"]

FILE_NAME = "reglages.json"
# duree_module: the module the durée was typed for (a durée is proposed again for that module only)
REMEMBERED = ("structure", "action", "lieu", "etablissement", "niveau", "duree_minutes", "duree_module")


def load_defaults(data_dir: Path) -> dict:
    try:
        data = json.loads((Path(data_dir) / FILE_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {k: str(v) for k, v in data.items() if k in REMEMBERED and isinstance(v, (str, int))}


def save_defaults(data_dir: Path, fields: dict) -> None:
    path = Path(data_dir) / FILE_NAME
    if path.parent.is_dir() and not os.access(path.parent, os.W_OK):
        return  # a read-only data folder: nothing is saved, as the UI's banner says
    kept = {k: fields[k] for k in REMEMBERED if fields.get(k) not in (None, "")}
    try:
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(kept, ensure_ascii=False, indent=1), encoding="utf-8")
        tmp.replace(path)
    except OSError:
        pass  # remembering is a convenience: never stop a séance for it
