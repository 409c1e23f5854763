"""The content format, declared once: what a module file and `ressources.yaml`
may contain. `verifier` checks files against it and `schema` prints it."""

from __future__ import annotations

from harcelement_kit.content.model import LEVEL_GROUPS, LEVELS
from harcelement_kit.content.shapes import (
    Boolean,
    Choice,
    Color,
    Day,
    Field,
    Ident,
    Integer,
    ListOf,
    Record,
    Tagged,
    Text,
    Url,
)

__all__ = [
    "MODULE",
    "RESOURCES_FILE",
    "ACTIVITY_KINDS",
    "PUBLICS",
    "RESOURCES_FILENAME",
    "NOT_EASY_READ",
    "easy_keys",
    "STRUCTURES_FILE",
    "STRUCTURES_FILENAME",
]

RESOURCES_FILENAME = "ressources.yaml"
STRUCTURES_FILENAME = "structures.yaml"
# A school level, or a group of levels (the words of the first format, still accepted).
PUBLICS = LEVELS + tuple(LEVEL_GROUPS)
# Texts that have no easy-read version: a category or zone named by an answer, the
# word bank's extra words (the bank must stay the same) and a legal reference.
NOT_EASY_READ = ("reponse", "intrus", "source")


def easy_keys(record: Record) -> list[str]:
    """The keys of `record` that may have an easy-read version under `facile:`."""
    return [
        key
        for key, spec in record.fields.items()
        if key not in NOT_EASY_READ
        and (isinstance(spec.shape, Text) or (isinstance(spec.shape, ListOf) and isinstance(spec.shape.item, Text)))
    ]


def _easy(record: Record) -> Record:
    """`record` with its `facile:` key: the same texts, in easy-read French (FALC)."""
    keys = easy_keys(record)
    if not keys:
        return record
    easy = Record(
        f"{record.name} facile",
        {key: Field(record.fields[key].shape, description=f"« {key} » en facile à lire") for key in keys},
    )
    fields = {
        **record.fields,
        "facile": Field(
            easy, description="version facile à lire (FALC) des textes : mêmes clés (" + ", ".join(keys) + ")"
        ),
    }
    return Record(record.name, fields, record.description)


def _items(name: str, fields: dict[str, Field], at_least: int, description: str) -> Field:
    """A required list of at least `at_least` records (situations, options, zones…), each
    with its easy-read version."""
    return Field(ListOf(_easy(Record(name, fields)), at_least), True, description)


def _activity(kind: str, description: str, **fields: Field) -> Record:
    common = {
        "id": Field(Ident(), True, "identifiant de l'activité, unique dans le module"),
        "type": Field(Choice((kind,)), True, "le type d'activité"),
        "titre": Field(Text(), description="titre court affiché en haut de l'écran"),
        "consigne": Field(Text(), description="la consigne donnée aux élèves"),
    }
    # Any activity may state a law or a number: each says where it comes from and when it
    # was last checked (`verifier` warns when that date is more than a year old).
    facts = {
        "source": Field(Text(), description="la source des faits cités (loi, site officiel)"),
        "verifie_le": Field(Day(), description="date de la dernière vérification des faits cités"),
    }
    return _easy(Record(kind, {**common, **fields, **facts}, description))


_SENSIBLE = Field(
    Boolean(),
    description="réponses sensibles : jamais affichées pendant la séance, masquées dans le bilan sous les seuils",
)

# Before / after (issue 17): the same question asked to the class at the start and at the
# end of the workshop (or of a cycle); counted apart, compared in the bilan.
_AVANT_APRES = Field(
    Boolean(),
    description="question posée au début (avant) et à la fin (après) de l'atelier ; le bilan compare les deux",
)
_RETROSPECTIF = Field(
    Boolean(),
    description="auto-évaluation posée à la fin seulement : la 1re "
    "situation « Avant l'atelier, je savais… », la 2e « Maintenant je sais… » "
    "(exactement 2 situations)",
)

TEXTE_A_TROUS = _activity(
    "texte_a_trous",
    "Texte à trous avec une banque de mots",
    texte=Field(Text(), True, "le texte, chaque mot à retrouver entre [[doubles crochets]]"),
    intrus=Field(ListOf(Text()), description="mots en plus dans la banque, qui ne vont dans aucun trou"),
)

TRI = _activity(
    "tri",
    "Classer des situations dans des catégories (par défaut oui / non)",
    categories=Field(ListOf(Text(), 2), description="les catégories (par défaut : oui, non)"),
    sensible=_SENSIBLE,
    avant_apres=_AVANT_APRES,
    retrospectif=_RETROSPECTIF,
    items=_items(
        "situation",
        {
            "texte": Field(Text(), True, "la situation"),
            "reponse": Field(Text(), True, "la bonne catégorie"),
            "explication": Field(Text(), description="expliquée après la réponse"),
        },
        1,
        "les situations à classer",
    ),
)

QCM = _activity(
    "qcm",
    "Question à choix multiple",
    question=Field(Text(), True, "la question"),
    plusieurs=Field(Boolean(), description="true si plusieurs réponses sont correctes"),
    sensible=_SENSIBLE,
    avant_apres=_AVANT_APRES,
    options=_items(
        "option",
        {
            "texte": Field(Text(), True, "le texte de la réponse"),
            "correcte": Field(Boolean(), description="true pour la bonne réponse"),
        },
        2,
        "les réponses proposées",
    ),
    explication=Field(Text(), description="expliquée après la réponse"),
)

ECHELLE = _activity(
    "echelle",
    "Échelle de comportements (harcèlomètre) : zones colorées et comportements",
    sensible=_SENSIBLE,
    zones=_items(
        "zone",
        {
            "id": Field(Ident(), True, "identifiant de la zone"),
            "libelle": Field(Text(), True, "le nom de la zone"),
            "couleur": Field(Color(), True, "sa couleur"),
            "message": Field(Text(), description="le message de la zone"),
        },
        2,
        "les zones, de la plus saine à la plus grave",
    ),
    items=_items(
        "comportement",
        {
            "texte": Field(Text(), True, "le comportement"),
            "zone": Field(Ident(), True, "l'id de sa zone"),
        },
        1,
        "les comportements, dans l'ordre",
    ),
    aide=Field(Text(), description="le texte d'aide affiché avec l'échelle"),
    credit=Field(Text(), description="d'où vient l'outil"),
    passation=Field(
        _easy(
            Record(
                "passation",
                {
                    "question": Field(Text(), True, "la question posée pour chaque comportement"),
                    "reponses": Field(ListOf(Text(), 2), True, "les réponses possibles"),
                    "introduction": Field(Text(), description="affichée avant de commencer"),
                    "fin": Field(Text(), description="l'écran de fin, identique pour tous"),
                },
            )
        ),
        description="auto-évaluation anonyme, élève par élève",
    ),
)

REFLEXION = _activity(
    "reflexion",
    "Question ouverte, discutée ou écrite sur papier ; rien n'est enregistré",
    question=Field(Text(), True, "la question"),
    a_retenir=Field(Text(), description="ce qu'il faut retenir, montré après la discussion"),
)

INFO = _activity(
    "info",
    "Carte « Le sais-tu ? »",
    texte=Field(Text(), True, "le texte de la carte"),
)

ACTIVITY_KINDS = {r.name: r for r in (TEXTE_A_TROUS, TRI, QCM, ECHELLE, REFLEXION, INFO)}

MODULE = _easy(
    Record(
        "module",
        {
            "id": Field(Ident(), True, "identifiant du module, unique parmi tous les modules"),
            "titre": Field(Text(), True, "le titre de l'atelier"),
            "description": Field(Text(), description="une phrase qui présente l'atelier"),
            "public": Field(
                ListOf(Choice(PUBLICS)),
                description="niveaux visés : cm1, cm2, 6e, 5e, 4e, 3e, "
                "seconde, premiere, terminale, adultes (ou ecole, college, lycee)",
            ),
            "duree_minutes": Field(Integer(1, 600), description="durée indicative en minutes"),
            "minuteur": Field(
                Integer(1, 3600),
                description="secondes du minuteur d'une question (touche t en "
                "classe ; 30 par défaut) : à zéro, la question se ferme aux téléphones",
            ),
            "ressources": Field(ListOf(Ident()), description="ids des numéros d'aide (ressources.yaml)"),
            "activites": Field(ListOf(Tagged(ACTIVITY_KINDS), 1), True, "les activités, dans l'ordre"),
        },
        "Un module d'atelier harcelement-kit",
    )
)

RESOURCE = _easy(
    Record(
        "ressource",
        {
            "id": Field(Ident(), True, "identifiant, ex. « 3018 »"),
            "nom": Field(Text(), True, "le nom affiché, ex. « 3018 »"),
            "court": Field(Text(), description="une ligne pour le pied d'écran"),
            "texte": Field(Text(), True, "la présentation complète"),
            "url": Field(Url(), description="adresse du QR code imprimé"),
            "verifie_le": Field(Day(), True, "date de la dernière vérification"),
            "actif": Field(Boolean(), description="false si le numéro n'existe plus"),
            "remplace_par": Field(Ident(), description="id du numéro qui le remplace"),
        },
    )
)

RESOURCES_FILE = Record(
    "ressources",
    {
        "ressources": Field(ListOf(RESOURCE, 1), True, "les numéros et sites d'aide"),
    },
    "Les numéros d'aide harcelement-kit",
)

STRUCTURE = Record(
    "structure",
    {
        "code": Field(Ident(), True, "le code court, ex. « unis-cite »"),
        "nom": Field(Text(), True, "le nom imprimé dans le bilan, ex. « Unis-Cité »"),
        "autres_noms": Field(ListOf(Text()), description="d'autres façons de l'écrire, acceptées aussi"),
    },
)

STRUCTURES_FILE = Record(
    "structures",
    {
        "structures": Field(ListOf(STRUCTURE, 1), True, "les structures qui animent les ateliers"),
    },
    "Les structures harcelement-kit",
)
