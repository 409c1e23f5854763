"""Read content files (YAML), check them, and build the library of what is valid."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from harcelement_kit.content.facile import check_easy_read
from harcelement_kit.content.format import (
    MODULE,
    RESOURCES_FILE,
    RESOURCES_FILENAME,
    STRUCTURES_FILE,
    STRUCTURES_FILENAME,
)
from harcelement_kit.content.library import Library, content_files
from harcelement_kit.content.located import parse_yaml
from harcelement_kit.content.model import Module, Resource
from harcelement_kit.content.problems import Report, display_name
from harcelement_kit.content.textsafety import check_data
from harcelement_kit.errors import os_reason
from harcelement_kit.content.rules import check_module_rules, check_resource_rules
from harcelement_kit.content.shapes import suggest

__all__ = ["load_library", "load_bundled_library"]


@dataclass
class _Parsed:
    path: Path
    report: Report
    data: object


def _read(path: Path) -> _Parsed:
    report = Report(display_name(path))
    try:
        raw = path.read_bytes()
    except OSError as exc:
        report.at(1, 1, f"le fichier ne peut pas être lu ({os_reason(exc)})")
        return _Parsed(path, report, None)
    return _Parsed(path, report, parse_yaml(raw, report))


def load_library(paths: list[Path], *, resource_paths: list[Path] = (), today: datetime.date | None = None) -> Library:
    """Check and load every YAML file under `paths`.

    `ressources.yaml` files are resources; the others are modules. Files under
    `resource_paths` only contribute their resources (so that a user's module
    resolves against the bundled `ressources.yaml`).
    """
    today = today or datetime.date.today()
    files, _ = content_files(list(paths))
    extra, _ = content_files(list(resource_paths))
    resource_files = [f for f in files + extra if f.name == RESOURCES_FILENAME]
    resource_files = list({f.resolve(): f for f in resource_files}.values())
    structure_files = [f for f in files + extra if f.name == STRUCTURES_FILENAME]
    structure_files = list({f.resolve(): f for f in structure_files}.values())
    module_files = [f for f in files if f.name not in (RESOURCES_FILENAME, STRUCTURES_FILENAME)]

    library = Library(module_files=module_files)
    _load_structures(library, structure_files)
    resource_origin: dict[str, tuple[Report, tuple]] = {}
    resource_reports = []
    for parsed in map(_read, resource_files):
        report = parsed.report
        if parsed.data is not None:
            check_data(parsed.data, (), report)  # control characters: refused with their place
        if parsed.data is not None and RESOURCES_FILE.check(parsed.data, (), report):
            check_resource_rules(parsed.data, report, today)
            check_easy_read(parsed.data, report)
            for i, entry in enumerate(parsed.data["ressources"]):
                resource = Resource.from_data(entry)
                if resource.id in library.resources:
                    report.error(
                        ("ressources", i, "id"),
                        f"la ressource « {resource.id} » existe déjà",
                        "un id différent pour chaque ressource",
                    )
                    continue
                library.resources[resource.id] = resource
                resource_origin[resource.id] = (report, ("ressources", i))
        resource_reports.append(report)
    _check_replacements(library, resource_origin)
    for report in resource_reports:
        library.problems.extend(report.problems)

    parsed_modules = [_read(f) for f in module_files]
    ids = Counter(
        p.data.get("id")
        for p in parsed_modules
        if isinstance(p.data, dict) and isinstance(p.data.get("id"), (str, int))
    )
    first_file: dict[str, str] = {}
    for parsed in parsed_modules:
        report, data = parsed.report, parsed.data
        if data is None:
            library.problems.extend(report.problems)
            continue
        valid = MODULE.check(data, (), report)
        check_module_rules(data, report, today)
        check_easy_read(data, report)
        check_data(data, (), report)  # control characters: refused with their place
        if isinstance(data, dict):
            _check_module_id(data, report, ids, first_file)
            _check_references(data, report, library.resources)
        if valid and not report.errors:
            module = Module.from_data(data, parsed.path)
            library.modules.setdefault(module.id, module)
        library.problems.extend(report.problems)
    library.problems.sort()
    return library


def _load_structures(library: Library, files: list[Path]) -> None:
    """structures.yaml files (bundled first, then --contenu): each code once, and no
    spelling that would name two structures."""
    from harcelement_kit.content.structures import fold

    spellings: dict[str, str] = {}
    for parsed in map(_read, files):
        report = parsed.report
        if parsed.data is not None and STRUCTURES_FILE.check(parsed.data, (), report):
            for i, entry in enumerate(parsed.data["structures"]):
                code = str(entry["code"])
                if code in library.structures:
                    report.error(
                        ("structures", i, "code"),
                        f"la structure « {code} » existe déjà",
                        "un code différent pour chaque structure",
                    )
                    continue
                names = (str(entry["nom"]), *(str(n) for n in entry.get("autres_noms") or ()))
                taken = [n for n in (code, *names) if spellings.get(fold(n), code) != code]
                if taken:
                    report.error(
                        ("structures", i),
                        f"« {taken[0]} » désigne déjà la structure « {spellings[fold(taken[0])]} »",
                        "un nom propre à chaque structure",
                    )
                    continue
                for n in (code, *names):
                    spellings[fold(n)] = code
                library.structures[code] = names
        library.problems.extend(report.problems)


def _check_module_id(data: dict, report: Report, ids: Counter, first_file: dict) -> None:
    ident = data.get("id")
    if not isinstance(ident, (str, int)) or ids[ident] < 2:
        return
    key = str(ident)
    if key in first_file:
        report.error(
            ("id",),
            f"l'id « {key} » est déjà celui du module de {first_file[key]}",
            "un id différent pour chaque module",
        )
    else:
        first_file[key] = report.file


def _check_references(data: dict, report: Report, resources: dict) -> None:
    refs = data.get("ressources")
    if not isinstance(refs, list):
        return
    for i, ref in enumerate(refs):
        if not isinstance(ref, (str, int)) or isinstance(ref, bool):
            continue
        resource = resources.get(str(ref))
        if resource is None:
            report.error(
                ("ressources", i),
                f"la ressource « {ref} » n'existe pas" + suggest(ref, resources),
                "un id de ressources.yaml : " + ", ".join(r.id for r in resources.values() if r.actif),
            )
        elif not resource.actif:
            instead = f", remplacée par « {resource.remplace_par} »" if resource.remplace_par else ""
            report.error(
                ("ressources", i), f"la ressource « {ref} » n'est plus active{instead}", "une ressource active"
            )


def _check_replacements(library: Library, origin: dict) -> None:
    for resource in library.resources.values():
        if not resource.remplace_par:
            continue
        report, path = origin[resource.id]
        target = library.resources.get(resource.remplace_par)
        if target is None or not target.actif:
            report.error(
                path + ("remplace_par",),
                f"« {resource.remplace_par} » n'est pas une ressource active",
                "l'id d'une ressource active",
            )


def load_bundled_library(user_dirs: list[Path] = (), today: datetime.date | None = None) -> Library:
    """The bundled modules plus the user's folders: what the kit runs on."""
    from harcelement_kit.paths import bundled_content_dir

    return load_library([bundled_content_dir(), *user_dirs], today=today)
