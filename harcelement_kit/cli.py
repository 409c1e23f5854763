"""The `harcelement-kit` command: French sub-commands, each importing its layer only when it runs."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

__all__ = ["main", "build_parser", "parse_arguments", "build_app"]

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
            message = (
                f"« {wrong} » n'est pas possible"
                + (f" ; vouliez-vous dire « {close[0]} » ?" if close else "")
                + f" (choix : {', '.join(options)})"
            )
        for english, french in _ARGPARSE_FR:
            if re.fullmatch(english, message):
                message = re.sub(english, french, message)
                break
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog} : erreur : {message}\n")

    def parse_known_args(self, args=None, namespace=None):
        # An unknown option after a sub-command is reported by the top-level parser
        # with its usage; report it with the sub-command's own usage instead.
        namespace, extras = super().parse_known_args(args, namespace)
        if extras and getattr(self, "_kit_commands", None) is not None:
            parser = self
            for dest in ("commande", "action_seance"):
                chosen = getattr(namespace, dest, None)
                choices = getattr(parser, "_kit_commands", None) or {}
                if chosen in choices:
                    parser = choices[chosen]
            if parser is not self:
                parser.error(f"unrecognized arguments: {' '.join(extras)}")
        return namespace, extras


class _Formatter(argparse.RawDescriptionHelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        # argparse passes prefix="" when it builds a sub-command's name: keep it empty there
        return super().add_usage(usage, actions, groups, "utilisation : " if prefix is None else prefix)


def build_parser() -> argparse.ArgumentParser:
    """The whole command line: the options, then each sub-command with its own."""
    parser = _global_parser()
    commands = parser.add_subparsers(dest="commande", title="commandes", metavar="COMMANDE", parser_class=_Parser)

    verifier = commands.add_parser(
        "verifier",
        help="vérifie les modules YAML et dit précisément ce qui ne va pas",
        description="Vérifie des modules (fichiers ou dossiers). Sans chemin : les modules "
        "fournis et vos dossiers --contenu. Code de sortie 0 si tout va bien, "
        "1 s'il y a des erreurs.",
    )
    verifier.add_argument("chemins", nargs="*", metavar="CHEMIN", type=Path, help="fichier .yaml ou dossier de modules")
    verifier.set_defaults(run=_run_verifier)

    schema = commands.add_parser(
        "schema",
        help="affiche le schéma JSON du format des modules",
        description="Affiche le schéma JSON du format, pour qu'un éditeur complète les clés.",
    )
    schema.add_argument(
        "--ressources", action="store_true", help="le schéma de ressources.yaml plutôt que celui d'un module"
    )
    schema.add_argument(
        "--structures", action="store_true", help="le schéma de structures.yaml plutôt que celui d'un module"
    )
    schema.set_defaults(run=_run_schema)

    _add_seance_commands(commands)
    parser._kit_commands = commands.choices  # for the sub-command's usage in its errors

    exporter = commands.add_parser(
        "exporter",
        help="écrit les séances de ce poste dans un fichier, pour la coordination",
        description="Écrit toutes les séances de ce poste dans un fichier d'export (JSON lisible, "
        "avec son empreinte SHA-256), à transmettre à la coordination.",
    )
    exporter.add_argument(
        "-o",
        "--sortie",
        required=True,
        type=Path,
        metavar="FICHIER",
        help="le fichier à écrire, ex. export-afev-2026-01.json",
    )
    exporter.set_defaults(run=_run_exporter)

    importer = commands.add_parser(
        "importer",
        help="ajoute les séances d'exports ou de fichiers CSV",
        description="Importe des exports d'autres postes ou des CSV de séances. Importer deux fois "
        "le même fichier ne change rien ; un fichier abîmé est refusé en entier. CSV : "
        "date,structure,action,lieu,etablissement,participants,duree_minutes "
        "puis, au choix, niveau,filles,garcons,ambassadeurs,cycle. Niveaux : cm1, cm2, ecole, 6e, 5e, 4e, "
        "3e, college, 2nde, 1re, terminale, lycee, cm2-college, mixte, adultes.",
    )
    importer.add_argument("fichiers", nargs="+", type=Path, metavar="FICHIER")
    importer.set_defaults(run=_run_importer)

    _add_postes_command(commands)

    bilan = commands.add_parser(
        "bilan",
        help="les chiffres de l'année pour le financeur",
        description="Les chiffres du bilan, dans les mots du bilan du FIJeM, puis les réponses "
        "aux questions (les réponses sensibles peu nombreuses sont masquées).",
    )
    bilan.add_argument("--du", metavar="DATE", help="première date (AAAA-MM-JJ ou JJ/MM/AAAA)")
    bilan.add_argument("--au", metavar="DATE", help="dernière date")
    bilan.add_argument(
        "--structure",
        metavar="STRUCTURE",
        help="une seule structure, par son code ou son nom, ex. afev ou « Citéo Médiation »",
    )
    bilan.add_argument(
        "--format",
        type=str.lower,
        choices=("texte", "md", "csv", "pdf"),
        default="texte",
        help="texte (écran), md (Markdown), csv (tableur) ou pdf (avec graphiques, -o obligatoire)",
    )
    bilan.add_argument("-o", "--sortie", type=Path, metavar="FICHIER", help="écrit dans un fichier")
    bilan.add_argument(
        "--logo",
        action="append",
        type=Path,
        default=[],
        metavar="IMAGE",
        help="logo en haut de la page de titre du PDF (PNG ou JPEG ; plusieurs possibles)",
    )
    bilan.add_argument("--financeur", metavar="TEXTE", help="le financeur nommé sur la page de titre du PDF")
    bilan.add_argument("--programme", metavar="TEXTE", help="le programme nommé sur la page de titre du PDF")
    bilan.add_argument(
        "--reglages",
        type=Path,
        metavar="FICHIER.yaml",
        help="financeur, programme et logos du PDF dans un fichier YAML (par défaut : "
        "bilan.yaml du dossier de données, s'il existe)",
    )
    bilan.set_defaults(run=_run_bilan)

    imprimer = commands.add_parser(
        "imprimer",
        help="fiches élèves, corrigés et cartes à découper en PDF",
        description="Imprime les modules : fiche élève (avec les numéros d'aide et leurs QR "
        "codes), cartes à découper, et avec --corrige le corrigé de l'animateur.",
    )
    imprimer.add_argument("modules", nargs="*", metavar="MODULE", help="id du module, ex. cyberharcelement")
    imprimer.add_argument("-o", "--sortie", type=Path, metavar="FICHIER", help="par défaut : MODULE.pdf")
    imprimer.add_argument("--corrige", action="store_true", help="ajoute le corrigé (réponses et explications)")
    imprimer.add_argument("--exemplaires", type=int, default=1, metavar="N", help="nombre de fiches élèves")
    imprimer.add_argument("--gros-caracteres", action="store_true", help="texte en 15 points")
    imprimer.add_argument(
        "--fiche-reponses",
        action="store_true",
        help="fiches-réponses anonymes à cocher, lues ensuite par « lire » (deux par feuille A4 quand elles tiennent)",
    )
    imprimer.add_argument(
        "--moment",
        choices=("avant", "apres", "retrospectif"),
        help="avec --fiche-reponses : les questions avant/après seules, « AVANT l'atelier » "
        "ou « APRÈS l'atelier » en titre et dans le code QR (comptées à ce moment)",
    )
    imprimer.add_argument("--corrige-seul", action="store_true", help="le corrigé seul, sans les fiches élèves")
    imprimer.add_argument(
        "--affiche", action="store_true", help="l'échelle du module en affiche (ex. imprimer harcelometre --affiche)"
    )
    imprimer.add_argument(
        "--format",
        dest="page_format",
        type=str.upper,
        choices=("A4", "A3"),
        default="A4",
        help="format de l'affiche (par défaut A4)",
    )
    imprimer.add_argument(
        "--cartes", action="store_true", help="les cartes-réponses lues par la caméra (une par élève, sans module)"
    )
    imprimer.add_argument(
        "--nombre",
        type=int,
        default=40,
        metavar="N",
        help="avec --cartes : nombre de cartes (par défaut 40, au plus 100)",
    )
    _add_facile(imprimer)
    imprimer.set_defaults(run=_run_imprimer)

    lire = commands.add_parser(
        "lire",
        help="lit des fiches-réponses scannées ou photographiées et ajoute les réponses",
        description="Lit des fiches-réponses (PDF du photocopieur, photos PNG ou JPEG, dossiers), "
        "dans n'importe quel ordre et sens. Une case douteuse n'est jamais devinée : "
        "elle est listée, et compte « sans réponse » sauf si vous décidez avec --revoir. "
        "Une image lue deux fois n'est comptée qu'une fois. Aucune image n'est gardée.",
    )
    lire.add_argument("fichiers", nargs="+", type=Path, metavar="FICHIER", help="PDF, PNG, JPEG ou dossier")
    _add_seance_choice(lire)
    lire.add_argument("--revoir", action="store_true", help="montre chaque réponse douteuse et demande la bonne case")
    lire.add_argument(
        "--module",
        dest="modules",
        action="append",
        default=[],
        metavar="MODULE",
        help="ajoute ce module à la séance avant de lire (ses fiches sont sinon "
        "refusées quand la séance a déjà ses modules ; répétable)",
    )
    lire.set_defaults(run=_run_lire)

    direct = commands.add_parser(
        "direct",
        help="ouvre un module aux téléphones des élèves, sans l'interface",
        description="Les élèves répondent depuis leur téléphone (QR code et code à 6 chiffres), "
        "sans internet ni compte. Entrée ouvre la question suivante puis la ferme ; "
        "Ctrl+C termine et enregistre. Les réponses s'ajoutent à la séance.",
    )
    direct.add_argument("module", metavar="MODULE", help="id du module, ex. qcm")
    direct.add_argument(
        "--hote",
        default="127.0.0.1",
        metavar="H",
        help="adresse d'écoute : celle du point d'accès de l'ordinateur (ex. "
        "192.168.137.1), 0.0.0.0 pour toutes ; par défaut 127.0.0.1 (cet "
        "ordinateur seulement, pour essayer)",
    )
    direct.add_argument(
        "--port", type=int, default=8765, metavar="P", help="port (par défaut 8765 ; 0 : un port libre)"
    )
    _add_seance_choice(direct)
    direct.add_argument(
        "--cartes",
        action="store_true",
        help="les élèves répondent avec les cartes-réponses, lues par la caméra "
        "(sans téléphone ; voir « imprimer --cartes »)",
    )
    direct.add_argument(
        "--camera",
        metavar="FICHIER|N",
        default="0",
        help="avec --cartes : numéro de la caméra (par défaut 0) ou fichier vidéo",
    )
    direct.add_argument(
        "--moment",
        choices=("avant", "apres", "retrospectif"),
        help="les questions avant/après seules, comptées à ce moment : « avant » au début "
        "de l'atelier, « apres » à la fin (avec les questions rétrospectives)",
    )
    _add_facile(direct)
    direct.set_defaults(run=_run_direct)

    exporter_module = commands.add_parser(
        "exporter-module",
        help="écrit un module pour Moodle (format GIFT)",
        description="Écrit les QCM, les situations (vrai/faux) et les textes à trous d'un module au "
        "format GIFT, à importer dans la banque de questions de Moodle (ENT). Ce que "
        "GIFT ne peut pas porter est signalé.",
    )
    exporter_module.add_argument("module", metavar="MODULE", help="id du module, ex. qcm")
    exporter_module.add_argument("--format", choices=("gift",), default="gift", help="gift (Moodle)")
    exporter_module.add_argument("-o", "--sortie", type=Path, metavar="FICHIER", help="par défaut : MODULE.gift")
    exporter_module.set_defaults(run=_run_exporter_module)

    importer_module = commands.add_parser(
        "importer-module",
        help="transforme un quiz Moodle (GIFT) en module YAML",
        description="Lit un fichier GIFT (export de la banque de questions de Moodle) et écrit un "
        "module YAML que « verifier » accepte ; ce que le kit ne sait pas poser est listé.",
    )
    importer_module.add_argument("fichier", type=Path, metavar="FICHIER", help="le fichier .gift (ou .txt)")
    importer_module.add_argument(
        "-o", "--sortie", type=Path, required=True, metavar="FICHIER", help="le module à écrire, ex. mon-quiz.yaml"
    )
    importer_module.set_defaults(run=_run_importer_module)

    animer = commands.add_parser(
        "animer",
        help="ouvre l'atelier dans le terminal (aussi sans commande)",
        description="L'interface : animer un module en classe, ou le faire passer élève par élève.",
    )
    animer.add_argument(
        "--camera",
        metavar="FICHIER|N",
        help="cartes-réponses (touche c) : une vidéo à lire, ou le numéro de la caméra "
        "(par défaut : choisie dans une liste)",
    )
    _add_facile(animer)
    animer.set_defaults(run=_run_animer)
    return parser


def parse_arguments(argv: list[str] | None = None) -> argparse.Namespace:
    """The command line read. The everyday start (no sub-command, at most --donnees,
    --contenu and --debug) is read by the options' parser alone: building the ~20
    sub-commands' parsers was a tenth of the interface's start (issue 16's budget).
    Anything else, help and mistakes included, goes to the whole parser."""
    argv = sys.argv[1:] if argv is None else list(argv)
    if _only_global_options(argv):
        return _global_parser().parse_args(argv)
    return build_parser().parse_args(argv)


def _only_global_options(argv: list[str]) -> bool:
    """True when `argv` holds only --debug, and --donnees/--contenu with a value."""
    position = 0
    while position < len(argv):
        word = argv[position]
        if word == "--debug" or (word.startswith(("--donnees=", "--contenu=")) and word.split("=", 1)[1]):
            position += 1
        elif word in ("--donnees", "--contenu") and argv[position + 1 :][:1] and not argv[position + 1].startswith("-"):
            position += 2
        else:
            return False
    return True


def _global_parser() -> argparse.ArgumentParser:
    """The options before a sub-command; without one, the interface starts."""
    parser = _Parser(
        prog=PROG,
        description="Le kit des ateliers contre le harcèlement : modules, séances, bilan.",
        epilog="Exemples : harcelement-kit verifier mes-modules/\n"
        "           harcelement-kit seance ajouter --structure afev --action atelier "
        "--lieu college --participants 24\n"
        "           harcelement-kit bilan --du 01/09/2025 --au 30/06/2026",
    )
    parser.add_argument(
        "--contenu",
        action="append",
        metavar="DOSSIER",
        help="ajoute un dossier de modules personnels (ou HARCELEMENT_KIT_CONTENU)",
    )
    parser.add_argument("--donnees", metavar="DOSSIER", help="dossier des données du kit (ou HARCELEMENT_KIT_DONNEES)")
    parser.add_argument(
        "--debug", action="store_true", help="ajoute aux messages d'erreur le détail technique d'origine"
    )
    from harcelement_kit import __version__

    parser.add_argument(
        "--version", action="version", version=f"{PROG} {__version__}", help="affiche la version du kit"
    )
    parser.set_defaults(run=_run_animer, commande=None)  # no sub-command: the interface
    return parser


def _add_facile(command) -> None:
    """--facile, the same for every command that shows or prints a module."""
    command.add_argument(
        "--facile", action="store_true", help="les textes en facile à lire (FALC), là où le module en a"
    )


def _add_seance_choice(command) -> None:
    """--seance, the same for every command that adds answers to a séance."""
    command.add_argument(
        "--seance", metavar="ID", help="la séance qui reçoit les réponses (par défaut : la dernière séance du jour)"
    )


def _add_seance_commands(commands) -> None:
    from_records = "atelier, cine-debat, animation, formation-ambassadeurs, evenement"
    seance = commands.add_parser(
        "seance",
        help="ajoute, liste, modifie ou supprime des séances",
        description="Les séances de ce poste, sans l'interface.",
    )
    actions = seance.add_subparsers(
        dest="action_seance", title="actions", metavar="ACTION", parser_class=_Parser, required=True
    )
    seance._kit_commands = actions.choices
    ajouter = actions.add_parser(
        "ajouter",
        help="enregistre une séance",
        description="Enregistre une séance. Jamais de nom d'élève : seulement des nombres.",
    )
    ajouter.add_argument("--date", help="AAAA-MM-JJ ou JJ/MM/AAAA (par défaut : aujourd'hui)")
    ajouter.add_argument("--structure", required=True, help="unis-cite, afev, citeo…")
    ajouter.add_argument("--action", required=True, help=from_records)
    ajouter.add_argument(
        "--lieu", required=True, help="ecole, college, lycee, centre-social, centre-formation, association, autre"
    )
    ajouter.add_argument("--etablissement", default="", help="nom de l'établissement (facultatif)")
    ajouter.add_argument(
        "--niveau",
        default="",
        help="cm1, cm2, ecole (CM1-CM2), 6e, 5e, 4e, 3e, college, 2nde, 1re, terminale, lycee, cm2-college, "
        "mixte, adultes (facultatif)",
    )
    ajouter.add_argument("--participants", required=True, help="nombre de participants")
    ajouter.add_argument("--filles", help="nombre de filles (facultatif)")
    ajouter.add_argument("--garcons", help="nombre de garçons (facultatif)")
    ajouter.add_argument("--duree", dest="duree_minutes", help="durée en minutes")
    ajouter.add_argument("--ambassadeurs", help="élèves ambassadeurs formés")
    ajouter.add_argument("--cycle", default="", help="code du cycle : ses élèves sont comptés une fois")
    ajouter.add_argument("--module", dest="modules", action="append", default=[], help="module utilisé (répétable)")
    ajouter.add_argument(
        "--essai", action="store_true", help="une séance d'essai : gardée, listée, jamais comptée dans le bilan"
    )
    ajouter.set_defaults(run=_run_seance_ajouter)
    modifier = actions.add_parser(
        "modifier",
        help="corrige une séance (participants, durée, établissement, niveau, essai)",
        description="Corrige une séance déjà enregistrée : un retardataire, la vraie durée, "
        "une séance d'essai. Une séance déjà exportée reçoit une nouvelle version.",
    )
    modifier.add_argument("id", metavar="ID", help="l'identifiant (ses premiers caractères suffisent)")
    modifier.add_argument("--participants", help="le nouveau nombre de participants")
    modifier.add_argument("--duree", dest="duree_minutes", help="la durée en minutes")
    modifier.add_argument("--etablissement", help="le nom de l'établissement")
    modifier.add_argument(
        "--niveau",
        help="cm1, cm2, ecole (CM1-CM2), 6e, 5e, 4e, 3e, college, 2nde, 1re, terminale, lycee, cm2-college, "
        "mixte, adultes",
    )
    essai = modifier.add_mutually_exclusive_group()
    essai.add_argument(
        "--essai",
        dest="essai",
        action="store_true",
        default=None,
        help="c'était un essai : jamais compté dans le bilan",
    )
    essai.add_argument("--pas-essai", dest="essai", action="store_false", help="finalement une vraie séance : comptée")
    modifier.set_defaults(run=_run_seance_modifier)
    liste = actions.add_parser("liste", help="les séances, des plus récentes aux plus anciennes")
    liste.set_defaults(run=_run_seance_liste)
    supprimer = actions.add_parser("supprimer", help="supprime une séance (elle ne reviendra pas)")
    supprimer.add_argument("id", metavar="ID", help="l'identifiant (ses premiers caractères suffisent)")
    supprimer.set_defaults(run=_run_seance_supprimer)


def _add_postes_command(commands) -> None:
    postes = commands.add_parser(
        "postes",
        help="les postes dont des exports ont été importés (empreintes des clés)",
        description="Chaque poste signe ses exports avec sa clé. Au premier import d'un poste, sa "
        "clé est retenue : vérifiez son empreinte avec la personne qui a fait l'export. "
        "Ensuite, un export signé par une autre clé est mis de côté.",
    )
    actions = postes.add_subparsers(dest="action_postes", title="actions", metavar="ACTION", parser_class=_Parser)
    renommer = actions.add_parser("renommer", help="donne un nom lisible à un poste")
    renommer.add_argument("poste", metavar="POSTE", help="son nom actuel ou le début de son identifiant")
    renommer.add_argument("nom", metavar="NOM", help="ex. « afev-portable-2 »")
    renommer.set_defaults(run=_run_postes_renommer)
    revoquer = actions.add_parser(
        "revoquer", help="refuse désormais les exports d'un poste (clé perdue, ordinateur volé)"
    )
    revoquer.add_argument("poste", metavar="POSTE", help="son nom ou le début de son identifiant")
    revoquer.set_defaults(run=_run_postes_revoquer)
    postes.set_defaults(run=_run_postes)


def _run_postes(args) -> int:
    from harcelement_kit.tally.postes import file_seances, list_postes
    from harcelement_kit.tally.signing import poste_key

    with _open_store(args) as store:
        own = poste_key(store.data_dir).fingerprint
        known, from_files = list_postes(store.conn), file_seances(store.conn)
    print(f"Ce poste : {store.device_id[:8]}, empreinte {own}")
    if not known:
        print("Aucun autre poste : rien n'a encore été importé d'un export signé.")

    def day(iso: str) -> str:
        return "/".join(reversed(iso.split("-")))

    for p in known:
        state = " — RÉVOQUÉ" if p.revoked else ""
        print(
            f"{p.name} ({p.device_id[:8]}) : empreinte {p.fingerprint}, premier import le "
            f"{day(p.first_import)}, dernier le {day(p.last_import)}, {p.seances} séance(s){state}"
        )
    if from_files:
        print(f"Fichiers CSV : {from_files} séance(s) (sans signature : importées d'un fichier)")
    return 0


def _change_poste(args, change) -> str:
    """Apply `change(conn, device)` to the poste named by `args.poste`; its full id."""
    from harcelement_kit.tally.postes import resolve
    from harcelement_kit.tally.store import StoreError

    with _open_store(args) as store:
        try:
            with store.transaction() as conn:
                device = resolve(conn, args.poste)
                change(conn, device)
        except StoreError as exc:
            raise _UserError(str(exc)) from None
    return device


def _run_postes_renommer(args) -> int:
    from harcelement_kit.tally.postes import rename

    device = _change_poste(args, lambda conn, device: rename(conn, device, args.nom))
    print(f"Poste {device[:8]} renommé « {' '.join(args.nom.split())} ».")
    return 0


def _run_postes_revoquer(args) -> int:
    from harcelement_kit.tally.postes import revoke

    device = _change_poste(args, revoke)
    print(
        f"Poste {device[:8]} révoqué : ses prochains exports seront refusés ; les séances déjà "
        "importées restent (« seance supprimer » pour en retirer une)."
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    _never_fail_on_a_character()
    args = parse_arguments(argv)
    from harcelement_kit.errors import set_debug

    set_debug(args.debug)
    try:
        code = args.run(args)
        sys.stdout.flush()  # a closed pipe is met here, not at exit
        return code
    except _UserError as exc:
        return _fail(str(exc), 1)
    except KeyboardInterrupt:
        print("\nInterrompu.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader stopped early (« harcelement-kit verifier | head »): not an error to report.
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except Exception as exc:  # sqlite3 is not imported here: the CLI loads no layer until it runs
        if exc.__class__.__name__ == "OperationalError" and ("locked" in str(exc) or "busy" in str(exc)):
            from harcelement_kit.tally.store import BUSY_MESSAGE

            return _fail(BUSY_MESSAGE, 1)
        raise


def _never_fail_on_a_character() -> None:
    """Windows writes to a pipe or a file in its ANSI code page (cp1252), which has
    no « ✔ » nor « ▀ »: such a character becomes « ? » instead of a crash."""
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "").replace("_", "")
        if encoding != "utf8" and hasattr(stream, "reconfigure"):
            try:
                stream.reconfigure(errors="replace")
            except (ValueError, OSError):
                pass


class _UserError(Exception):
    """Bad input from the user: one French message, exit code 1."""


def _write_file(path: Path, data: bytes) -> None:
    """Write an export, a PDF or a bilan whole: never a half-written file."""
    try:
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_bytes(data)
        tmp.replace(path)
    except OSError as exc:
        from harcelement_kit.errors import os_reason

        raise _UserError(f"impossible d'écrire « {path} » ({os_reason(exc)})") from None


def _open_store(args, read_only_ok: bool = False):
    """The store; `read_only_ok` for what only reads: a folder that cannot be
    written (USB stick, shared laptop) is then read, and nothing is saved."""
    from harcelement_kit.paths import data_dir
    from harcelement_kit.tally.store import Store, StoreError

    try:
        return Store(data_dir(args.donnees), read_only_ok=read_only_ok)
    except StoreError as exc:
        raise _UserError(str(exc)) from None


def _library(args, cache_dir: Path | None = None):
    """The bundled modules and the user's folders (a folder that does not exist is an error),
    through the content cache in `cache_dir` when one is given (the UI's start)."""
    from harcelement_kit.paths import bundled_content_dir, user_content_dirs

    folders = user_content_dirs(args.contenu)
    wrong = [
        f"« {d} » est un fichier, pas un dossier de modules (pour vérifier un seul fichier : "
        f"« harcelement-kit verifier {d} »)"
        if d.exists()
        else f"le dossier « {d} » n'existe pas"
        for d in folders
        if not d.is_dir()
    ]
    if wrong:
        raise _UserError(" ; ".join(wrong))
    if cache_dir is not None:
        from harcelement_kit.content.cache import cached_library

        library = cached_library([bundled_content_dir(), *folders], cache_dir)
    else:
        from harcelement_kit.content.loader import load_bundled_library

        library = load_bundled_library(folders)
    if getattr(args, "facile", False):  # imprimer, animer, direct --facile
        from harcelement_kit.content.facile import easy_library

        library = easy_library(library)
    return library


def _structures(args):
    """The structures of the bundled content and of --contenu, by people's spellings."""
    return _library(args).structure_table()


def _module_ids(library, names):
    """Module ids from the names typed: « Cyberharcèlement », « harcèlomètre » or the title
    are folded as structure names are (case, accents); an unknown name is left as typed."""
    from harcelement_kit.content.structures import Structures

    table = Structures({mid: (m.titre,) for mid, m in library.modules.items()})
    return [table.resolve(name) or name for name in names]


def _run_seance_ajouter(args) -> int:
    from harcelement_kit.tally.records import RecordError, check_seance

    fields = {
        k: getattr(args, k)
        for k in (
            "date",
            "structure",
            "action",
            "lieu",
            "etablissement",
            "niveau",
            "participants",
            "filles",
            "garcons",
            "duree_minutes",
            "ambassadeurs",
            "cycle",
            "modules",
            "essai",
        )
    }
    if fields["date"] is None:
        import datetime

        fields["date"] = datetime.date.today()
    if fields["modules"]:
        fields["modules"] = _module_ids(_library(args), fields["modules"])
    structures = _structures(args)
    try:
        seance = check_seance(fields, structures=structures)
    except RecordError as exc:
        for problem in exc.problems:  # every problem at once
            print(f"{PROG} : erreur : {problem}", file=sys.stderr)
        # An unknown structure is a wrong option value, as in « bilan --structure »: exit 2.
        return 2 if structures and structures.resolve(args.structure) is None else 1
    if seance.modules:
        from harcelement_kit.content.shapes import suggest

        known = _library(args).modules
        unknown = [m for m in seance.modules if m not in known]
        if unknown:
            raise _UserError(" ; ".join(f"module : « {m} » n'existe pas" + suggest(m, known) for m in unknown))
    from harcelement_kit.tally.numbers import plural

    with _open_store(args) as store:
        store.add_seance(seance)
    print(
        f"Séance enregistrée : {seance.id[:8]} ({seance.date:%d/%m/%Y}, {seance.action}, "
        f"{seance.lieu}, {plural(seance.participants, 'participant', 'participants')})"
        + (" — essai : jamais comptée dans le bilan." if seance.essai else ".")
    )
    return 0


def _run_seance_modifier(args) -> int:
    import datetime

    from harcelement_kit.tally.meeting import editable_fields, update_seance
    from harcelement_kit.tally.records import RecordError, check_seance
    from harcelement_kit.tally.store import StoreError

    given = {
        k: getattr(args, k)
        for k in ("participants", "duree_minutes", "etablissement", "niveau", "essai")
        if getattr(args, k) is not None
    }
    if not given:
        raise _UserError(
            "rien à modifier : donnez --participants, --duree, --etablissement, --niveau, --essai ou --pas-essai"
        )
    with _open_store(args) as store:
        try:
            seance_id = store.resolve_id(args.id)
            current = store.get(seance_id)
            if current.deleted:
                raise StoreError(f"la séance {seance_id[:8]} a été supprimée")
            checked = check_seance(
                {**editable_fields(current), **given}, today=max(current.date, datetime.date.today())
            )
            changes = {k: getattr(checked, k) for k in given}
            seance = update_seance(store, seance_id, **changes)
        except RecordError as exc:
            for problem in exc.problems:
                print(f"{PROG} : erreur : {problem}", file=sys.stderr)
            return 1
        except StoreError as exc:
            raise _UserError(str(exc)) from None
    from harcelement_kit.tally.meeting import edit_summary

    print(f"Séance {seance.id[:8]} du {seance.date:%d/%m/%Y} modifiée : {edit_summary(seance)}")
    return 0


def _run_seance_liste(args) -> int:
    from harcelement_kit.tally.listing import seance_table

    with _open_store(args, read_only_ok=True) as store:
        print(seance_table(store.seances(), structure_name=_structures(args).name))
    return 0


def _run_seance_supprimer(args) -> int:
    from harcelement_kit.tally.store import StoreError

    with _open_store(args) as store:
        try:
            seance_id = store.resolve_id(args.id)
            seance = store.get(seance_id)
            store.delete(seance_id)
        except StoreError as exc:
            raise _UserError(str(exc)) from None
    print(f"Séance {seance_id[:8]} du {seance.date:%d/%m/%Y} supprimée.")
    return 0


def _run_exporter(args) -> int:
    from harcelement_kit.tally.exchange import export_bundle
    from harcelement_kit.tally.signing import SigningError, fingerprint, poste_key

    with _open_store(args, read_only_ok=True) as store:
        try:
            key = poste_key(store.data_dir)
            bundle = export_bundle(store, key=key)
        except SigningError as exc:  # the key cannot be read
            raise _UserError(f"{exc} : l'export doit être signé par ce poste") from None
    if key.temporary:
        print(
            f"Attention : le dossier {store.data_dir} ne peut pas être écrit ; l'export est signé par "
            "une clé temporaire : la coordination verra un nouveau poste, et un export fait plus tard "
            "avec la vraie clé de ce poste sera mis de côté (« postes revoquer » puis réimport).",
            file=sys.stderr,
        )
    _write_file(args.sortie, bundle)
    import json

    body = json.loads(bundle)
    count = len({entry[0] for entry in body["manifeste"]["seances"]})
    latest = {}
    for record in body["seances"]:  # the last version of each: is it an essai, deleted?
        if record["version"] >= latest.get(record["id"], {}).get("version", 0):
            latest[record["id"]] = record
    deleted = sum(1 for r in latest.values() if r.get("deleted"))
    essais = sum(1 for r in latest.values() if r.get("essai") and not r.get("deleted"))
    aside = [
        part
        for part in (
            f"{essais} essai{'s' if essais > 1 else ''}" if essais else "",
            f"{deleted} supprimée{'s' if deleted > 1 else ''}" if deleted else "",
        )
        if part
    ]
    print(
        f"{count} séance(s) exportée(s) dans {args.sortie}, signées par ce poste (empreinte "
        f"{fingerprint(body['signature']['cle_publique'])} : la coordination la vérifie au premier "
        "import)."
    )
    if aside:  # why the coordination's bilan will count fewer séances than this line
        print(
            f"Dont {' et '.join(aside)} : le bilan ne les compte pas ; la coordination en a besoin "
            "pour tenir ses copies à jour."
        )
    return 0


def _run_importer(args) -> int:
    from harcelement_kit.tally.exchange import ImportRefused, import_file

    refused = 0
    structures = _structures(args)
    with _open_store(args) as store:
        for path in args.fichiers:
            try:
                summary = import_file(store, path, structures=structures)
            except ImportRefused as exc:
                print(f"{PROG} : refusé : {exc}", file=sys.stderr)
                refused += 1
                continue
            print(summary.line())
            for note in summary.notes:
                print(f"  {note}")
            for conflict in summary.conflicts:
                print(f"  conflit : {conflict}")
    return 1 if refused else 0


def _run_imprimer_cartes(args) -> int:
    from harcelement_kit.paper.cards import print_cards
    from harcelement_kit.paper.sheet import PaperError

    if args.modules:
        raise _UserError("--cartes : les cartes servent pour tous les modules ; n'indiquez pas de module")
    try:
        pdf = print_cards(args.nombre)
    except PaperError as exc:
        raise _UserError(f"--nombre : {exc}") from None
    out = args.sortie or Path("cartes-reponses.pdf")
    _write_file(out, pdf)
    print(f"{args.nombre} cartes-réponses écrites dans {out} (une par page, à découper).")
    return 0


def _run_imprimer(args) -> int:
    from harcelement_kit.content.shapes import suggest
    from harcelement_kit.paper.sheet import PaperError
    from harcelement_kit.paper.worksheets import print_modules, terminal_progress

    if args.cartes:
        return _run_imprimer_cartes(args)
    if not args.modules:
        raise _UserError("indiquez au moins un module (ex. « imprimer qcm »), ou --cartes")
    if args.corrige and args.corrige_seul:
        raise _UserError(
            "--corrige (les fiches et leur corrigé) et --corrige-seul (le corrigé sans les "
            "fiches) ne vont pas ensemble : choisissez l'un des deux"
        )
    if not 1 <= args.exemplaires <= 500:
        raise _UserError("--exemplaires : entre 1 et 500")
    library = _library(args)
    args.modules = _module_ids(library, args.modules)
    unknown = [m for m in args.modules if m not in library.modules]
    if unknown:
        raise _UserError(
            " ; ".join(f"le module « {m} » n'existe pas" + suggest(m, library.modules) for m in unknown)
            + " (voir « harcelement-kit verifier »)"
        )
    if args.moment and not args.fiche_reponses:
        raise _UserError("--moment va avec --fiche-reponses (ex. « imprimer qcm --fiche-reponses --moment avant »)")
    if args.fiche_reponses:
        return _print_answer_sheets(args, [library.modules[m] for m in args.modules])
    if args.affiche:
        return _print_poster(args, library)
    out = args.sortie or Path("-".join(args.modules) + ".pdf")
    try:
        pdf = print_modules(
            [library.modules[m] for m in args.modules],
            library,
            answer_key=args.corrige,
            key_only=args.corrige_seul,
            copies=args.exemplaires,
            # easy-read (FALC) asks for 14 points at least: --facile prints large
            large=args.gros_caracteres or args.facile,
            progress=terminal_progress(),
        )
    except PaperError as exc:
        raise _UserError(str(exc)) from None
    _write_file(out, pdf)
    print(f"Fiches écrites dans {out}.")
    return 0


def _print_answer_sheets(args, modules) -> int:
    from harcelement_kit.paper.answer_sheet import MOMENT_BANNERS, print_answer_sheets, sheet_layout
    from harcelement_kit.paper.sheet import PaperError

    moment = args.moment or ""
    out = args.sortie or Path(
        "-".join(m.id for m in modules) + "-fiches-reponses" + (f"-{moment}" if moment else "") + ".pdf"
    )
    try:
        pdf = print_answer_sheets(modules, copies=args.exemplaires, large=args.gros_caracteres, moment=moment)
        layouts = [sheet_layout(m, args.gros_caracteres, moment) for m in modules]
    except PaperError as exc:
        raise _UserError(str(exc)) from None
    _write_file(out, pdf)
    for layout in layouts:
        where = "deux par page A4, à couper" if layout.region_kind == "demi" else "une par page A4"
        banner = f" « {MOMENT_BANNERS[moment]} »" if moment else ""
        print(
            f"{layout.module_id}{banner} : {args.exemplaires} fiche(s)-réponses, {len(layout.questions)} "
            f"questions ({where})."
        )
    print(f"Fiches-réponses écrites dans {out}. Après la séance : harcelement-kit lire SCAN.pdf")
    return 0


def _print_poster(args, library) -> int:
    from harcelement_kit.paper.poster import poster, wall
    from harcelement_kit.paper.sheet import PaperError

    if len(args.modules) != 1:
        raise _UserError("--affiche : un seul module à la fois, ex. imprimer harcelometre --affiche")
    out = args.sortie or Path(f"{args.modules[0]}-affiche-{args.page_format}.pdf")
    sheets = 1
    try:
        if args.page_format == "A3":  # the wall poster: several sheets to assemble
            pdf, sheets = wall(library.modules[args.modules[0]], library)
        else:
            pdf = poster(library.modules[args.modules[0]], library, args.page_format)
    except PaperError as exc:
        raise _UserError(str(exc)) from None
    _write_file(out, pdf)
    if sheets > 1:
        print(
            f"Affiche A3 sur {sheets} feuilles à assembler de haut en bas, écrite dans {out}.\n"
            f"Imprimez-la à 100 % (taille réelle), coupez chaque feuille sauf la dernière le long du "
            f"pointillé du bas, puis collez son bas sur la bande grise en haut de la feuille suivante, "
            f"les règles colorées alignées."
        )
    else:
        print(f"Affiche {args.page_format} sur une feuille, écrite dans {out}.")
    return 0


def build_app(args):
    """The terminal UI as `harcelement-kit` starts it: the content (through the
    cache in the data folder, so that no YAML is parsed when nothing changed) and
    the store."""
    from harcelement_kit.paths import data_dir
    from harcelement_kit.tui import make_app

    folder = data_dir(args.donnees)
    library = _library(args, cache_dir=folder)
    return make_app(library, _open_store(args, read_only_ok=True), folder)


def _run_animer(args) -> int:
    if not sys.stdout.isatty():
        raise _UserError("l'interface a besoin d'un terminal ; pour un script, voir « harcelement-kit --help »")
    app = build_app(args)
    app.card_source = getattr(args, "camera", None)
    app.run()
    return 0


def _run_direct(args) -> int:
    import datetime

    from harcelement_kit.content.shapes import suggest
    from harcelement_kit.live.console import run_console
    from harcelement_kit.content.questions import live_questions
    from harcelement_kit.live.server import LiveError
    from harcelement_kit.tally.store import StoreError

    if not 0 <= args.port <= 65535:
        raise _UserError("--port : entre 1 et 65535 (0 : un port libre)")
    library = _library(args)
    module = library.modules.get(_module_ids(library, [args.module])[0])
    if module is None:
        raise _UserError(f"le module « {args.module} » n'existe pas" + suggest(args.module, library.modules))
    if not live_questions(module):
        raise _UserError(f"le module « {module.id} » n'a pas de question à choix : rien à répondre depuis un téléphone")
    with _open_store(args) as store:
        try:
            seance_id = store.resolve_id(args.seance) if args.seance else None
        except StoreError as exc:
            raise _UserError(str(exc)) from None
        if seance_id is None:
            from harcelement_kit.tally.meeting import open_seances

            opened = open_seances(store, datetime.date.today())  # the class of the day, if open
            today = [s for s in store.seances() if s.date == datetime.date.today()]
            if not today:
                raise _UserError(
                    "aucune séance aujourd'hui sur cet ordinateur : enregistrez-la "
                    "d'abord (« harcelement-kit seance ajouter … » ou l'interface), "
                    "ou donnez --seance ID"
                )
            seance_id = opened[0][0].id if opened else today[0].id
        from harcelement_kit.tally.meeting import add_module

        questions, notes = _direct_questions(store, seance_id, module, args)
        add_module(store, seance_id, module.id)  # one more module of the same séance
        seance = store.get(seance_id)
        from harcelement_kit.terminal import wrap_line

        print(wrap_line(_seance_line(seance, library)))
        for note in notes:
            print(wrap_line(note))
        if args.cartes:
            return _run_direct_cards(args, store, seance, module)
        try:
            run_console(
                store,
                seance_id,
                module,
                library.helplines(module),
                args.hote,
                args.port,
                questions=questions,
                moment=args.moment or "",
            )
        except LiveError as exc:
            raise _UserError(str(exc)) from None
    return 0


def _direct_questions(store, seance_id: str, module, args) -> tuple[list, list[str]]:
    """The phone questions `direct` asks, and what to tell the animateur about them (issue 17):
    with --moment, that moment's questions only (as the answer sheets); without, every question,
    less the paired items once « avant » was counted (in this séance or earlier in its cycle),
    as Animer leaves them out of the workshop: asked and corrected in the middle, the « après »
    would measure a correction seen minutes before."""
    from harcelement_kit.live.room import moment_questions
    from harcelement_kit.content.model import paired as paired_activities
    from harcelement_kit.tally.meeting import moment_asked
    from harcelement_kit.tally.numbers import plural

    paired = {a.id for a in paired_activities(module)}
    moment = args.moment or ""
    if moment:
        if args.cartes:
            raise _UserError(
                "--moment ne va pas encore avec --cartes : posez les questions avant/après "
                "dans Animer (« v »), sur téléphone (« direct MODULE --moment … ») ou sur fiches"
            )
        questions = moment_questions(module, moment)
        if not questions:
            what = (
                "rétrospective (« retrospectif: true »)"
                if moment == "retrospectif"
                else "avant/après (« avant_apres: true »)"
            )
            raise _UserError(
                f"le module « {module.id} » n'a aucune question {what} : rien à poser avec --moment {moment}"
            )
        shown = {"avant": "avant", "apres": "après", "retrospectif": "rétrospectif"}[moment]
        return questions, [
            f"Questions « {shown} » seules ({plural(len(questions), 'question', 'questions')}) : "
            f"les réponses comptent pour « Évolution des connaissances » du bilan."
        ]
    if not paired:
        return moment_questions(module, ""), []
    asked = moment_asked(store, seance_id, module.id, paired, "avant")
    count = plural(len(paired), "question avant/après", "questions avant/après")
    if asked:
        return moment_questions(module, "", leave_out_paired=True), [
            f"Les {count} de ce module, déjà posées « avant », sont laissées de côté : posez-les à la "
            f"fin avec « harcelement-kit direct {module.id} --moment apres »."
        ]
    return moment_questions(module, ""), [
        f"Ce module a {count} : pour mesurer ce que la classe a appris, posez-les d'abord avec "
        f"« harcelement-kit direct {module.id} --moment avant », puis à la fin avec « --moment apres »."
    ]


def _seance_line(seance, library) -> str:
    """How `direct` names its séance, as the UI does: where, who, how many, which modules;
    the short id last (what « seance modifier ID » takes)."""
    from harcelement_kit.tally.records import LIEUX

    modules = library.modules
    titles = ", ".join(modules[m].titre if m in modules else m for m in seance.modules)
    who = library.structure_table().name(seance.structure)
    people = f"{seance.participants} participant{'s' if seance.participants > 1 else ''}"
    return (
        f"Séance du {seance.date:%d/%m/%Y} : {seance.etablissement or LIEUX[seance.lieu]} · {who} · {people}"
        + (f" · {titles}" if titles else "")
        + (" (essai)" if seance.essai else "")
        + f" — n° {seance.id[:8]}"
    )


def _seance_of_today(store, wanted: str | None) -> str:
    """The séance named by --seance, or the latest one of today."""
    import datetime

    from harcelement_kit.tally.store import StoreError

    try:
        if wanted:
            return store.resolve_id(wanted)
    except StoreError as exc:
        raise _UserError(str(exc)) from None
    today = [s for s in store.seances() if s.date == datetime.date.today()]
    if not today:
        raise _UserError(
            "aucune séance aujourd'hui sur cet ordinateur : enregistrez-la "
            "d'abord (« harcelement-kit seance ajouter … » ou l'interface), "
            "ou donnez --seance ID"
        )
    return today[0].id


def _run_lire(args) -> int:
    import datetime

    from harcelement_kit.reading.sheets import SheetReader
    from harcelement_kit.reading.sheets_batch import commit_batch, read_batch, too_many_sheets
    from harcelement_kit.tally.store import StoreError

    library = _library(args)
    with _open_store(args) as store:
        seance_id = _seance_of_today(store, args.seance)
        if args.modules:
            from harcelement_kit.content.shapes import suggest
            from harcelement_kit.tally.meeting import add_module

            unknown = [m for m in args.modules if m not in library.modules]
            if unknown:
                raise _UserError(
                    " ; ".join(f"--module : « {m} » n'existe pas" + suggest(m, library.modules) for m in unknown)
                )
            for module in args.modules:
                add_module(store, seance_id, module)
        seance = store.get(seance_id)
        # fingerprints of images live only as long as their séance: the day it is held
        store.forget_read_images(before_day=datetime.date.today().isoformat())
        reader = SheetReader(library.modules, set(seance.modules) or None)
        batch = read_batch(args.fichiers, reader, store.read_image_hashes(seance_id), progress=_reading_progress())
        if args.revoir and batch.doubts:
            _review_doubts(batch.doubts)
        try:
            added = commit_batch(store, seance_id, batch)
        except StoreError as exc:
            raise _UserError(str(exc)) from None
    for line in batch.summary():
        print(line)
    warning = too_many_sheets(batch, seance.participants)
    if warning:
        print(warning)
    print(
        f"Séance {seance_id[:8]} du {seance.date:%d/%m/%Y} : {added} réponse(s) ajoutée(s) "
        f"({len(batch.sheets)} fiche(s)). Aucune image n'est gardée."
    )
    return 0 if batch.sheets or not batch.problems else 1


def _reading_progress():
    start_tty = sys.stderr.isatty()

    def report(done: int, total: int) -> None:
        if start_tty:
            end = "\n" if done == total else ""
            sys.stderr.write(f"\rLecture : {done}/{total} pages…{end}")
            sys.stderr.flush()

    return report


def _review_doubts(doubts) -> None:
    """Each doubt shown (the question's line in half blocks on a terminal), the
    animateur types the letter(s) to count, or Entrée for « sans réponse »."""
    from harcelement_kit.reading.sheets_view import ansi_half_blocks

    print(
        f"{len(doubts)} réponse(s) à décider. Tapez la lettre à compter (plusieurs : « A C »), "
        "ou Entrée pour « sans réponse »."
    )
    for number, doubt in enumerate(doubts, start=1):
        q = doubt.question
        letters = {b.letter: b.option for b in q.boxes}
        print(f"\n[{number}/{len(doubts)}] {doubt.line}")
        if sys.stdout.isatty():
            h, w = doubt.crop.shape if doubt.crop.size else (1, 1)
            print(ansi_half_blocks(doubt.crop, min(90, int(12 * 2 * w / h))))
        names = " · ".join(f"{b.letter} = {q.options[b.option]}" for b in q.boxes)
        print(f"  {names}")
        if doubt.suggested is not None:
            print(f"  Sans doute : {q.boxes[doubt.suggested].letter} (à vous de voir)")
        hint = " [Entrée = sans réponse]"
        while True:
            try:
                typed = input(f"  Réponse{hint} : ").strip().upper()
            except EOFError:
                print()
                return  # the rest stays undecided: no answer
            chosen = typed.replace(",", " ").split()
            if all(c in letters for c in chosen) and (q.multiple or len(chosen) <= 1):
                doubt.decision = tuple(letters[c] for c in chosen)
                break
            print(
                f"  Attendu : {' ou '.join(letters)}"
                + (" (plusieurs possibles)" if q.multiple else "")
                + ", ou Entrée."
            )


def _run_exporter_module(args) -> int:
    from harcelement_kit.content.gift import module_to_gift
    from harcelement_kit.content.shapes import suggest

    library = _library(args)
    module = library.modules.get(_module_ids(library, [args.module])[0])
    if module is None:
        raise _UserError(f"le module « {args.module} » n'existe pas" + suggest(args.module, library.modules))
    text, lost = module_to_gift(module)
    out = args.sortie or Path(f"{module.id}.gift")
    _write_file(out, text.encode("utf-8"))
    print(f"Module « {module.id} » écrit dans {out} (GIFT, pour Moodle).")
    for line in lost:
        print(f"  ne passe pas en GIFT : {line}")
    return 0


def _run_importer_module(args) -> int:
    import datetime

    import yaml

    from harcelement_kit.content.gift import GiftError, gift_to_module
    from harcelement_kit.content.loader import load_library
    from harcelement_kit.content.summary import verification_text
    from harcelement_kit.errors import os_reason
    from harcelement_kit.paths import bundled_content_dir

    try:
        raw = args.fichier.read_bytes()
    except OSError as exc:
        raise _UserError(f"impossible de lire « {args.fichier} » ({os_reason(exc)})") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")  # a file saved by an older Windows editor
    if args.sortie.exists():
        raise _UserError(f"« {args.sortie} » existe déjà : choisissez un autre nom (rien n'a été écrit)")
    try:
        result = gift_to_module(text, args.fichier.stem)
    except GiftError as exc:
        raise _UserError(f"{args.fichier} : {exc}") from None
    header = [
        f"# Module importé de {args.fichier.name} (format GIFT de Moodle) par harcelement-kit "
        f"le {datetime.date.today():%d/%m/%Y}."
    ]
    if result.lost:
        header.append("# Ce que le kit n'a pas pu reprendre tel quel :")
        header += [f"#   - {line}" for line in result.lost]
    body = yaml.safe_dump(result.data, allow_unicode=True, sort_keys=False, width=100)
    _write_file(args.sortie, ("\n".join(header) + "\n" + body).encode("utf-8"))
    print(f"Module « {result.data['id']} » écrit dans {args.sortie} ({len(result.data['activites'])} activités).")
    for line in result.lost:
        print(f"  non repris tel quel : {line}")
    library = load_library([args.sortie], resource_paths=[bundled_content_dir()])
    print(verification_text(library))
    return 1 if library.errors else 0


def _run_direct_cards(args, store, seance, module) -> int:
    from harcelement_kit.reading.camera import CameraError
    from harcelement_kit.reading.cards_console import run_cards_console

    try:
        run_cards_console(store, seance.id, module, args.camera, seance.participants)
    except CameraError as exc:
        raise _UserError(str(exc)) from None
    return 0


def _run_bilan(args) -> int:
    from harcelement_kit.tally.bilan import Filters, compute_figures, render
    from harcelement_kit.tally.records import parse_day

    library = _library(args)
    structures = library.structure_table()
    structure = None
    if args.structure is not None:  # « Afev », « citéo médiation »: any spelling; unknown: an error
        structure = structures.resolve(args.structure)
        if structure is None:
            return _fail(
                f"--structure : « {args.structure} » n'est pas une structure connue"
                f"{structures.suggestion(args.structure)} (attendu : {structures.listing()})"
            )
    try:
        filters = Filters(
            du=parse_day(args.du) if args.du else None, au=parse_day(args.au) if args.au else None, structure=structure
        )
    except ValueError as exc:
        raise _UserError(str(exc)) from None
    if filters.du and filters.au and filters.du > filters.au:
        raise _UserError("--du doit être avant --au")
    if args.format == "pdf" and not args.sortie:
        raise _UserError("--format pdf : donnez le fichier à écrire avec -o, ex. -o bilan.pdf")
    with _open_store(args, read_only_ok=True) as store:
        from harcelement_kit.tally.bounds import impossible_seances

        multiple = frozenset(
            (module.id, activity.id)
            for module in library.modules.values()
            for activity in module.activites
            if getattr(activity, "plusieurs", False)
        )
        wrong = impossible_seances(store.conn, multiple)  # stored by a kit without bounds (issue 12)
        if wrong:
            raise _UserError(
                "des séances ont plus de réponses que de participants, le bilan serait "
                "faux : " + ", ".join(wrong[:10]) + " (supprimez-les avec « seance "
                "supprimer ID », puis réimportez-les d'un export à jour)"
            )
        figures = compute_figures(store, filters, structures)
    if args.format == "pdf":
        from harcelement_kit.paper.bilan_pdf import DEFAULT_FUNDER, DEFAULT_PROGRAMME, bilan_pdf
        from harcelement_kit.paper.sheet import PaperError

        from harcelement_kit.paper.bilan_settings import SETTINGS_FILE, BilanSettings, load_bilan_settings
        from harcelement_kit.paths import data_dir

        missing = [str(p) for p in args.logo if not p.is_file()]
        if missing:
            raise _UserError("--logo : fichier introuvable : " + ", ".join(missing))
        try:
            # the command line wins over the settings file, which wins over the defaults
            settings_file = args.reglages or data_dir(args.donnees) / SETTINGS_FILE
            settings = (
                load_bilan_settings(settings_file) if args.reglages or settings_file.is_file() else BilanSettings()
            )
            data = bilan_pdf(
                figures,
                library,
                funder=args.financeur or settings.funder or DEFAULT_FUNDER,
                programme=args.programme or settings.programme or DEFAULT_PROGRAMME,
                logos=args.logo or settings.logos,
            )
        except PaperError as exc:
            raise _UserError(str(exc)) from None
    else:
        text = render(figures, library, args.format)
        data = text.encode("utf-8")
    if args.sortie:
        _write_file(args.sortie, data)
        print(f"Bilan écrit dans {args.sortie}.")
    else:
        print(text, end="")
    return 0


def _fail(message: str, code: int = 2) -> int:
    print(f"{PROG} : erreur : {message}", file=sys.stderr)
    return code


def _run_verifier(args) -> int:
    from harcelement_kit.content.library import content_files
    from harcelement_kit.content.loader import load_library
    from harcelement_kit.content.summary import verification_text
    from harcelement_kit.paths import bundled_content_dir

    if args.chemins:
        paths = list(args.chemins)
        files, missing = content_files(paths)
        if missing:
            return _fail(" ; ".join(f"« {m} » n'existe pas" for m in missing))
        if not files:
            return _fail("aucun fichier .yaml dans " + ", ".join(f"« {p} »" for p in paths))
        library = load_library(paths, resource_paths=[bundled_content_dir()])
    else:
        library = _library(args)
    print(verification_text(library))
    return 1 if library.errors else 0


def _run_schema(args) -> int:
    import json

    from harcelement_kit.content.schema import module_schema, resources_schema, structures_schema

    schema = resources_schema() if args.ressources else structures_schema() if args.structures else module_schema()
    print(json.dumps(schema, ensure_ascii=False, indent=2))
    return 0
