"""The checked library, kept beside the tally so that the terminal UI starts
without parsing YAML or running the checks.

The cache is used only while it is the library `loader.load_library` would build:
- for exactly these content files and this loader's code, each known by its path,
  size, modification and change times (`_stamp`: written or dated back, a file is read again);
- on days when the date checks give the same warnings: from the day it was
  written to the day before a `verifie_le` becomes stale.
Otherwise, or when the cache is damaged or was edited, the files are read and
checked again and the cache is written anew. Content with errors is never
cached: it is read at each start until it is fixed.

It is JSON holding only the content model's own classes, so reading it runs no
code. `verifier` never uses it.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
from dataclasses import fields, is_dataclass
from pathlib import Path

from harcelement_kit.content import model
from harcelement_kit.content.library import Library, content_files

__all__ = ["cached_library", "CACHE_FILENAME"]

CACHE_FILENAME = "contenu.cache.json"
FORMAT = 1
NEVER = "9999-12-31"
_CLASSES = {
    cls.__name__: cls
    for cls in (
        Library,
        model.Module,
        model.Resource,
        model.TexteATrous,
        model.Tri,
        model.TriItem,
        model.Qcm,
        model.Option,
        model.Echelle,
        model.Zone,
        model.EchelleItem,
        model.Passation,
        model.Reflexion,
        model.Info,
    )
}


def cached_library(paths: list[Path], cache_dir: Path, today: datetime.date | None = None) -> Library:
    """The library of the content files under `paths`, from the cache in
    `cache_dir` when it is still right, else read, checked and cached."""
    today = today or datetime.date.today()
    cache_file = Path(cache_dir) / CACHE_FILENAME
    files, _ = content_files(list(paths))
    try:
        key = _key(files)
    except OSError:  # a file is gone or cannot be seen: the loader says which, in French
        key = None
    library = _read(cache_file, key, today) if key else None
    if library is None:
        from harcelement_kit.content.loader import load_library

        library = load_library(paths, today=today)
        if key and not library.errors:
            _write(cache_file, key, today, library)
    return library


def _key(files: list[Path]) -> str:
    """What the cached library depends on: the loader's code and every content file,
    each known by its stamp, without reading it (the files were hashed at every start)."""
    stamps = [f"format {FORMAT}"]
    stamps += [_stamp(source) for source in sorted(Path(__file__).parent.glob("*.py"))]
    stamps += [_stamp(file.resolve()) for file in files]
    return hashlib.sha256("\n".join(stamps).encode()).hexdigest()


def _stamp(path: Path) -> str:
    """A file's path, size and times, as Python's .pyc checks its source, plus the change
    time (ctime) and inode: writing the file or setting its dates back (os.utime, touch -d,
    a copy that keeps dates) sets the ctime to now, which only a change of the clock sets back."""
    st = path.stat()
    return f"{path}\0{st.st_size}\0{st.st_mtime_ns}\0{st.st_ctime_ns}\0{st.st_dev}\0{st.st_ino}"


def _valid_until(library: Library, today: datetime.date) -> str:
    """The first day on which a date check would warn about one more date."""
    from harcelement_kit.content.rules import stale_from

    days = [r.verifie_le for r in library.resources.values()]
    days += [a.verifie_le for m in library.modules.values() for a in m.activites if a.verifie_le]
    upcoming = [first for first in map(stale_from, days) if first > today]  # not stale yet
    return min(upcoming).isoformat() if upcoming else NEVER


def _write(cache_file: Path, key: str, today: datetime.date, library: Library) -> None:
    payload = json.dumps(_plain(library), ensure_ascii=False, separators=(",", ":")).encode()
    header = {
        "format": FORMAT,
        "cle": key,
        "du": today.isoformat(),
        "au": _valid_until(library, today),
        "somme": hashlib.sha256(payload).hexdigest(),
    }
    tmp = cache_file.with_name(f"{cache_file.name}.{os.getpid()}.tmp")
    if cache_file.parent.is_dir() and not os.access(cache_file.parent, os.W_OK):
        return  # a read-only data folder: the kit works, it starts a little slower
    try:
        cache_file.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(json.dumps(header).encode() + b"\n" + payload)
        tmp.replace(cache_file)
    except OSError:  # a read-only data folder: the kit works, it starts a little slower
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass


def _read(cache_file: Path, key: str, today: datetime.date) -> Library | None:
    """The cached library, or None when it is missing, out of date or damaged."""
    try:
        header_line, payload = cache_file.read_bytes().split(b"\n", 1)
        header = json.loads(header_line)
        if (header["format"], header["cle"]) != (FORMAT, key):
            return None
        if not header["du"] <= today.isoformat() < header["au"]:
            return None
        if hashlib.sha256(payload).hexdigest() != header["somme"]:
            return None
        library = json.loads(payload, object_hook=_from_plain)
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return library if isinstance(library, Library) else None


def _plain(value):
    """JSON values, with tags for what JSON lacks: the model's classes, tuples, dates, paths."""
    if is_dataclass(value):
        return {"@": type(value).__name__, **{f.name: _plain(getattr(value, f.name)) for f in fields(value)}}
    if isinstance(value, tuple):
        return {"@tuple": [_plain(v) for v in value]}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {"@dict": [[k, _plain(v)] for k, v in value.items()]}
    if isinstance(value, datetime.date):
        return {"@date": value.isoformat()}
    if isinstance(value, Path):
        return {"@path": str(value)}
    if value is None or isinstance(value, (str, int, float)):
        return value
    raise TypeError(f"{type(value).__name__} cannot be cached")


def _class(name: str):
    """The model's class called `name`. Problem is imported only for a library with warnings
    (its ordered frozen dataclass is ~1 ms of a start that has none)."""
    if name == "Problem":
        from harcelement_kit.content.problems import Problem

        return Problem
    return _CLASSES[name]


def _from_plain(obj: dict):
    """The inverse of `_plain`, for one JSON object (inner objects come first)."""
    if "@" in obj:
        return _class(obj.pop("@"))(**obj)  # KeyError or TypeError: refused
    if "@tuple" in obj:
        return tuple(obj["@tuple"])
    if "@dict" in obj:
        return dict(obj["@dict"])
    if "@date" in obj:
        return datetime.date.fromisoformat(obj["@date"])
    if "@path" in obj:
        return Path(obj["@path"])
    raise ValueError("unknown object in the content cache")
