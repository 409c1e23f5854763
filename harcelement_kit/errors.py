"""French all the way down: the one place where the system's and PyYAML's English
messages become sentences an animateur reads.

`os_reason(exc)` says why a file or folder could not be used (from errno, never
from the system's English `strerror`); `yaml_reason(problem)` says what is wrong
in a YAML file. The original English detail is added only with `--debug`
(`set_debug(True)`, done by the command line), for whoever helps the animateur.
"""

from __future__ import annotations

import errno

__all__ = ["os_reason", "yaml_reason", "sqlite_reason", "set_debug", "debug_detail"]

_debug = False

# errno → what happened, in words an animateur understands.
_OS_REASONS = {
    errno.ENOENT: "il n'existe pas",
    errno.EISDIR: "c'est un dossier, pas un fichier",
    errno.ENOTDIR: "un élément du chemin n'est pas un dossier",
    errno.EACCES: "accès refusé : votre compte n'a pas le droit d'y toucher",
    errno.EPERM: "opération refusée par le système",
    errno.EEXIST: "il existe déjà (un fichier porte ce nom)",
    errno.ENOSPC: "le disque est plein",
    errno.EROFS: "le disque est en lecture seule (clé USB protégée ?)",
    errno.ENAMETOOLONG: "le nom est trop long",
    errno.EBUSY: "il est utilisé par un autre programme",
    errno.EMFILE: "trop de fichiers ouverts",
    errno.EIO: "erreur de lecture ou d'écriture sur le disque",
    errno.ENOTEMPTY: "le dossier n'est pas vide",
    errno.EINVAL: "nom ou opération invalide",
    errno.EXDEV: "déplacement impossible d'un disque à l'autre",
    errno.EADDRINUSE: "ce port est déjà utilisé par un autre programme",
    errno.EADDRNOTAVAIL: "cette adresse n'est pas celle de cet ordinateur",
}
_OS_TYPES = {  # when errno is missing (Windows, or an OSError raised by hand)
    FileNotFoundError: errno.ENOENT,
    IsADirectoryError: errno.EISDIR,
    NotADirectoryError: errno.ENOTDIR,
    PermissionError: errno.EACCES,
    FileExistsError: errno.EEXIST,
}

# PyYAML's problems (start of the message) → French, most specific first.
_YAML_REASONS = [
    ("expected the node content, but found '<stream end>'", "le fichier s'arrête là où une valeur était attendue"),
    ("expected the node content", "une valeur est attendue à cet endroit"),
    ("found character '\\t' that cannot start any token", "une tabulation sert d'indentation"),
    ("found character", "ce caractère ne peut pas commencer une valeur (texte à mettre entre guillemets ?)"),
    ("mapping values are not allowed here", "un « : » inattendu (texte à mettre entre guillemets ?)"),
    ("could not find expected ':'", "il manque un « : » après une clé"),
    ("found undefined alias", "alias (*) inconnu"),
    ("expected a single document in the stream", "le fichier contient plusieurs documents (---)"),
    ("but found another document", "le fichier contient plusieurs documents (---)"),
    ("found unexpected end of stream", "un guillemet ouvert n'est jamais fermé"),
    ("expected <block end>", "l'indentation de cette ligne ne correspond pas aux précédentes"),
    ("expected ',' or ']'", "un crochet « [ » n'est jamais fermé"),
    ("expected ',' or '}'", "une accolade « { » n'est jamais fermée"),
    ("did not find expected key", "une clé est attendue ici (indentation ?)"),
    ("did not find expected '-' indicator", "un élément de liste « - » est attendu ici (indentation ?)"),
    ("did not find expected node content", "une valeur est attendue à cet endroit"),
    ("did not find expected", "l'indentation ou la ponctuation ne correspond pas à ce qui précède"),
    ("found unknown escape character", "un « \\ » inconnu dans un texte entre guillemets doubles"),
    ("expected alphabetic or numeric character", "nom d'ancre (&) ou d'alias (*) invalide"),
    ("found duplicate anchor", "la même ancre (&) est définie deux fois"),
    ("found unexpected ':'", "un « : » inattendu (texte à mettre entre guillemets ?)"),
    ("expected <document start>", "du texte en trop après la fin du document"),
    ("found a tab character", "une tabulation sert d'indentation"),
    ("found unhashable key", "une clé doit être un simple mot"),
    ("expected a comment or a line break", "du texte en trop après une valeur entre guillemets"),
]


def set_debug(on: bool) -> None:
    """`--debug`: keep the original (English) detail next to the French message."""
    global _debug
    _debug = bool(on)


def debug_detail(exc: BaseException | str) -> str:
    """« [détail : …] » with --debug, nothing otherwise."""
    if not _debug:
        return ""
    text = exc if isinstance(exc, str) else f"{type(exc).__name__}: {exc}"
    return f" [détail : {text}]"


def os_reason(exc: OSError) -> str:
    """Why a file, a folder or a port could not be used, in French."""
    code = exc.errno
    if code is None:
        code = next((c for t, c in _OS_TYPES.items() if isinstance(exc, t)), None)
    reason = _OS_REASONS.get(code) if code is not None else None
    if reason is None:
        reason = f"erreur du système (code {code})" if code is not None else "erreur du système"
    return reason + debug_detail(exc)


def yaml_reason(problem: str) -> str:
    """A PyYAML problem in French; never PyYAML's English (it goes in --debug)."""
    problem = (problem or "").strip()
    for english, french in _YAML_REASONS:
        if problem.startswith(english):
            return french + debug_detail(problem)
    if "tab" in problem:
        return "une tabulation sert d'indentation" + debug_detail(problem)
    return "ce YAML ne peut pas être lu à cet endroit" + debug_detail(problem)


def sqlite_reason(exc: Exception) -> str:
    """An SQLite error on the tally file, in French."""
    text = str(exc).lower()
    if "readonly" in text or "read-only" in text:
        reason = "le fichier ne peut pas être modifié (lecture seule)"
    elif "locked" in text or "busy" in text:
        reason = "le fichier est utilisé par un autre programme"
    elif "not a database" in text or "malformed" in text or "corrupt" in text:
        reason = "ce n'est pas un fichier de comptage valide, ou il est abîmé"
    elif "disk" in text and "full" in text:
        reason = "le disque est plein"
    elif "unable to open" in text:
        reason = "le fichier ne peut pas être ouvert"
    else:
        reason = "erreur de la base de données"
    return reason + debug_detail(exc)
