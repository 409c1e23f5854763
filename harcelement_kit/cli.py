"""The `harcelement-kit` command: French sub-commands, each importing its layer only when it runs."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

__all__ = ["main", "build_parser"]

PROG = "harcelement-kit"

# argparse speaks English; the animateurs read French.
_ARGPARSE_FR = [
    (r"the following arguments are required: (.*)", r"il manque : \1"),
    (r"argument (\S+): invalid int value: '(.*)'", r"\1 : « \2 » n'est pas un nombre entier"),
    (r"argument (\S+): expected one argument", r"\1 : une valeur est attendue"),
    (r"unrecognized arguments: (.*)", r"arguments inconnus : \1"),
]


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("add_help", False)
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)
        self._positionals.title = "arguments"
        self._optionals.title = "options"
        self.add_argument("-h", "--help", action="help", help="affiche cette aide")

    def error(self, message: str):
        choice = re.fullmatch(r"argument (\S+): invalid choice: '?([^']*)'? \(choose from (.*)\)", message)
        if choice:
            import difflib

            wrong, options = choice.group(2), [o.strip(" '") for o in choice.group(3).split(",")]
            close = difflib.get_close_matches(wrong, options, n=1)
            message = (f"« {wrong} » n'est pas possible"
                       + (f" ; vouliez-vous dire « {close[0]} » ?" if close else "")
                       + f" (choix : {', '.join(options)})")
        for english, french in _ARGPARSE_FR:
            if re.fullmatch(english, message):
                message = re.sub(english, french, message)
                break
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog} : erreur : {message}\n")


class _Formatter(argparse.RawDescriptionHelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        return super().add_usage(usage, actions, groups, prefix or "utilisation : ")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=PROG,
        description="Le kit des ateliers contre le harcèlement : modules, vérification du contenu.",
        epilog="Exemple : harcelement-kit verifier mes-modules/",
    )
    parser.add_argument("--contenu", action="append", metavar="DOSSIER",
                        help="ajoute un dossier de modules personnels (ou HARCELEMENT_KIT_CONTENU)")
    parser.add_argument("--donnees", metavar="DOSSIER",
                        help="dossier des données du kit (ou HARCELEMENT_KIT_DONNEES)")
    commands = parser.add_subparsers(dest="commande", title="commandes", metavar="COMMANDE",
                                     parser_class=_Parser)

    verifier = commands.add_parser(
        "verifier", help="vérifie les modules YAML et dit précisément ce qui ne va pas",
        description="Vérifie des modules (fichiers ou dossiers). Sans chemin : les modules "
                    "fournis et vos dossiers --contenu. Code de sortie 0 si tout va bien, "
                    "1 s'il y a des erreurs.")
    verifier.add_argument("chemins", nargs="*", metavar="CHEMIN", type=Path,
                          help="fichier .yaml ou dossier de modules")
    verifier.set_defaults(run=_run_verifier)

    schema = commands.add_parser(
        "schema", help="affiche le schéma JSON du format des modules",
        description="Affiche le schéma JSON du format, pour qu'un éditeur complète les clés.")
    schema.add_argument("--ressources", action="store_true",
                        help="le schéma de ressources.yaml plutôt que celui d'un module")
    schema.set_defaults(run=_run_schema)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help()
        return 0
    try:
        return args.run(args)
    except KeyboardInterrupt:
        print("\nInterrompu.", file=sys.stderr)
        return 130


def _fail(message: str, code: int = 2) -> int:
    print(f"{PROG} : erreur : {message}", file=sys.stderr)
    return code


def _run_verifier(args) -> int:
    from harcelement_kit.content.library import content_files, load_library
    from harcelement_kit.content.summary import verification_text
    from harcelement_kit.paths import bundled_content_dir, user_content_dirs

    if args.chemins:
        paths = list(args.chemins)
        files, missing = content_files(paths)
        if missing:
            return _fail(" ; ".join(f"« {m} » n'existe pas" for m in missing))
        if not files:
            return _fail("aucun fichier .yaml dans " + ", ".join(f"« {p} »" for p in paths))
        library = load_library(paths, resource_paths=[bundled_content_dir()])
    else:
        user_dirs = user_content_dirs(args.contenu)
        missing = [str(d) for d in user_dirs if not d.is_dir()]
        if missing:
            return _fail(" ; ".join(f"le dossier « {m} » n'existe pas" for m in missing))
        library = load_library([bundled_content_dir(), *user_dirs])
    print(verification_text(library))
    return 1 if library.errors else 0


def _run_schema(args) -> int:
    import json

    from harcelement_kit.content.schema import module_schema, resources_schema

    schema = resources_schema() if args.ressources else module_schema()
    print(json.dumps(schema, ensure_ascii=False, indent=2))
    return 0
