"""The content format, declared once: what a module file and `ressources.yaml`
may contain. `verifier` checks files against it and `schema` prints it."""

from __future__ import annotations

from harcelement_kit.content.shapes import (
    Boolean, Choice, Color, Day, Field, Ident, Integer, ListOf, Record, Tagged, Text, Url,
)

__all__ = ["MODULE", "RESOURCES_FILE", "ACTIVITY_KINDS", "PUBLICS", "RESOURCES_FILENAME",
           "STRUCTURES_FILE", "STRUCTURES_FILENAME"]

RESOURCES_FILENAME = "ressources.yaml"
STRUCTURES_FILENAME = "structures.yaml"
PUBLICS = ("ecole", "college", "lycee", "adultes")


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
    return Record(kind, {**common, **fields, **facts}, description)


_SENSIBLE = Field(Boolean(), description="réponses sensibles : jamais affichées pendant la séance, "
                  "masquées dans le bilan sous les seuils")

# Before / after (issue 17): the same question asked to the class at the start and at the
# end of the workshop (or of a cycle); counted apart, compared in the bilan.
_AVANT_APRES = Field(Boolean(), description="question posée au début (avant) et à la fin (après) "
                     "de l'atelier ; le bilan compare les deux")
_RETROSPECTIF = Field(Boolean(), description="auto-évaluation posée à la fin seulement : la 1re "
                      "situation « Avant l'atelier, je savais… », la 2e « Maintenant je sais… » "
                      "(exactement 2 situations)")

TEXTE_A_TROUS = _activity(
    "texte_a_trous", "Texte à trous avec une banque de mots",
    texte=Field(Text(), True, "le texte, chaque mot à retrouver entre [[doubles crochets]]"),
    intrus=Field(ListOf(Text()), description="mots en plus dans la banque, qui ne vont dans aucun trou"),
)

TRI = _activity(
    "tri", "Classer des situations dans des catégories (par défaut oui / non)",
    categories=Field(ListOf(Text(), 2), description="les catégories (par défaut : oui, non)"),
    sensible=_SENSIBLE,
    avant_apres=_AVANT_APRES,
    retrospectif=_RETROSPECTIF,
    items=Field(ListOf(Record("situation", {
        "texte": Field(Text(), True, "la situation"),
        "reponse": Field(Text(), True, "la bonne catégorie"),
        "explication": Field(Text(), description="expliquée après la réponse"),
    }), 1), True, "les situations à classer"),
)

QCM = _activity(
    "qcm", "Question à choix multiple",
    question=Field(Text(), True, "la question"),
    plusieurs=Field(Boolean(), description="true si plusieurs réponses sont correctes"),
    sensible=_SENSIBLE,
    avant_apres=_AVANT_APRES,
    options=Field(ListOf(Record("option", {
        "texte": Field(Text(), True, "le texte de la réponse"),
        "correcte": Field(Boolean(), description="true pour la bonne réponse"),
    }), 2), True, "les réponses proposées"),
    explication=Field(Text(), description="expliquée après la réponse"),
)

ECHELLE = _activity(
    "echelle", "Échelle de comportements (harcèlomètre) : zones colorées et comportements",
    sensible=_SENSIBLE,
    zones=Field(ListOf(Record("zone", {
        "id": Field(Ident(), True, "identifiant de la zone"),
        "libelle": Field(Text(), True, "le nom de la zone"),
        "couleur": Field(Color(), True, "sa couleur"),
        "message": Field(Text(), description="le message de la zone"),
    }), 2), True, "les zones, de la plus saine à la plus grave"),
    items=Field(ListOf(Record("comportement", {
        "texte": Field(Text(), True, "le comportement"),
        "zone": Field(Ident(), True, "l'id de sa zone"),
    }), 1), True, "les comportements, dans l'ordre"),
    aide=Field(Text(), description="le texte d'aide affiché avec l'échelle"),
    credit=Field(Text(), description="d'où vient l'outil"),
    passation=Field(Record("passation", {
        "question": Field(Text(), True, "la question posée pour chaque comportement"),
        "reponses": Field(ListOf(Text(), 2), True, "les réponses possibles"),
        "introduction": Field(Text(), description="affichée avant de commencer"),
        "fin": Field(Text(), description="l'écran de fin, identique pour tous"),
    }), description="auto-évaluation anonyme, élève par élève"),
)

REFLEXION = _activity(
    "reflexion", "Question ouverte, discutée ou écrite sur papier ; rien n'est enregistré",
    question=Field(Text(), True, "la question"),
    a_retenir=Field(Text(), description="ce qu'il faut retenir, montré après la discussion"),
)

INFO = _activity(
    "info", "Carte « Le sais-tu ? »",
    texte=Field(Text(), True, "le texte de la carte"),
)

ACTIVITY_KINDS = {r.name: r for r in (TEXTE_A_TROUS, TRI, QCM, ECHELLE, REFLEXION, INFO)}

MODULE = Record("module", {
    "id": Field(Ident(), True, "identifiant du module, unique parmi tous les modules"),
    "titre": Field(Text(), True, "le titre de l'atelier"),
    "description": Field(Text(), description="une phrase qui présente l'atelier"),
    "public": Field(ListOf(Choice(PUBLICS)), description="publics visés"),
    "duree_minutes": Field(Integer(1, 600), description="durée indicative en minutes"),
    "ressources": Field(ListOf(Ident()), description="ids des numéros d'aide (ressources.yaml)"),
    "activites": Field(ListOf(Tagged(ACTIVITY_KINDS), 1), True, "les activités, dans l'ordre"),
}, "Un module d'atelier harcelement-kit")

RESOURCE = Record("ressource", {
    "id": Field(Ident(), True, "identifiant, ex. « 3018 »"),
    "nom": Field(Text(), True, "le nom affiché, ex. « 3018 »"),
    "court": Field(Text(), description="une ligne pour le pied d'écran"),
    "texte": Field(Text(), True, "la présentation complète"),
    "url": Field(Url(), description="adresse du QR code imprimé"),
    "verifie_le": Field(Day(), True, "date de la dernière vérification"),
    "actif": Field(Boolean(), description="false si le numéro n'existe plus"),
    "remplace_par": Field(Ident(), description="id du numéro qui le remplace"),
})

RESOURCES_FILE = Record("ressources", {
    "ressources": Field(ListOf(RESOURCE, 1), True, "les numéros et sites d'aide"),
}, "Les numéros d'aide harcelement-kit")

STRUCTURE = Record("structure", {
    "code": Field(Ident(), True, "le code court, ex. « unis-cite »"),
    "nom": Field(Text(), True, "le nom imprimé dans le bilan, ex. « Unis-Cité »"),
    "autres_noms": Field(ListOf(Text()), description="d'autres façons de l'écrire, acceptées aussi"),
})

STRUCTURES_FILE = Record("structures", {
    "structures": Field(ListOf(STRUCTURE, 1), True, "les structures qui animent les ateliers"),
}, "Les structures harcelement-kit")
