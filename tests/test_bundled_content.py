"""The bundled modules: they load, they transcribe the seed, they state nothing outdated,
and each has its school levels and an easy-read version of what pupils read."""

from __future__ import annotations

import re

import pytest

from harcelement_kit.content.loader import load_library
from harcelement_kit.content.choices import choices
from harcelement_kit.content.facile import MAX_WORDS, sentences
from harcelement_kit.content.model import LEVELS, Echelle, Info, Qcm, Reflexion, TexteATrous, Tri
from harcelement_kit.paths import bundled_content_dir

from conftest import TODAY


@pytest.fixture(scope="module")
def library():
    return load_library([bundled_content_dir()], today=TODAY)


def test_bundled_set_verifies_without_error_or_warning(library):
    assert library.problems == []
    assert set(library.modules) == {"cyberharcelement", "harcelometre", "qcm"} | set(NEW_MODULES)


def test_every_bundled_yaml_file_is_read(library):
    names = {p.name for p in bundled_content_dir().glob("*.yaml")}
    assert names == {"cyberharcelement.yaml", "harcelometre.yaml", "qcm.yaml", "ressources.yaml", "structures.yaml"} | {
        f"{m}.yaml" for m in NEW_MODULES
    }
    assert {m.source.name for m in library.modules.values()} == names - {"ressources.yaml", "structures.yaml"}
    assert library.structures == {
        "unis-cite": ("Unis-Cité", "Unis Cité", "Uniscité"),
        "afev": ("Afev", "Association de la fondation étudiante pour la ville"),
        "citeo": ("Citéo Médiation", "Citéo"),
    }


def test_cyberharcelement_fill_in_has_the_five_seed_words_in_reading_order(library):
    definition = library.modules["cyberharcelement"].activity("definition")
    assert isinstance(definition, TexteATrous)
    assert [b.word for b in definition.blanks] == ["harcèlement en ligne", "Internet", "propos", "répétés", "mentale"]
    assert sorted(definition.bank) == sorted(["Internet", "mentale", "harcèlement en ligne", "répétés", "propos"])
    text = "".join(p if isinstance(p, str) else "___" for p in definition.parts)
    assert text.startswith(
        "Le ___ (cyberharcèlement) est un harcèlement s'effectuant via ___ "
        "(sur un réseau social, un forum, un jeu vidéo multijoueurs, un blog…)."
    )
    assert "santé physique ou ___ de la personne harcelée." in text


def test_cyberharcelement_situations_have_answers_and_explanations(library):
    situations = library.modules["cyberharcelement"].activity("situations")
    assert isinstance(situations, Tri)
    assert [i.reponse for i in situations.items] == ["non", "oui", "oui", "non", "oui"]
    assert all(len(i.explication) > 80 for i in situations.items)
    fourth, fifth = situations.items[3], situations.items[4]
    assert "demandé d'arrêter" in fourth.texte and "peut le devenir" in fourth.explication
    assert "ne lui donne pas d'argent" in fifth.texte and "ne paie pas" in fifth.explication


def test_le_sais_tu_uses_the_2022_law(library):
    module = library.modules["cyberharcelement"]
    peines = module.activity("loi-peines")
    assert isinstance(peines, Info)
    assert "jusqu'à 3 ans de prison et 45 000 € d'amende" in peines.texte
    assert "Jusqu'à 5 ans et 75 000 € si la victime a plus de 8 jours" in peines.texte
    assert "Jusqu'à 10 ans et 150 000 € si la victime s'est suicidée" in peines.texte
    assert "3114" in peines.texte  # suicide is named: the helpline comes with it
    assert "222-33-2-3" in peines.source


def _law_cards(library) -> list:
    return [a for a in library.modules["cyberharcelement"].activites if isinstance(a, Info) and a.id.startswith("loi")]


def test_law_is_split_into_short_cards_with_a_short_one_first(library):
    cards = _law_cards(library)
    assert [c.id for c in cards] == ["loi", "loi-peines", "loi-mineurs", "loi-consequences", "loi-raid"]
    # The seed's single card had 159 words of legal terms; each card now reads in one go.
    assert all(len(c.texte.split()) <= 80 for c in cards), [len(c.texte.split()) for c in cards]
    short = cards[0]
    assert len(short.texte.split()) <= 50 and "3018" in short.texte
    assert "jusqu'à 18 ans" in short.texte and "prison" not in short.texte


def test_minors_penalty_is_at_most_half_not_reduced_by_at_most_half(library):
    text = "\n".join(c.texte for c in _law_cards(library))
    assert "réduite de moitié au maximum" not in text
    assert "Dès 13 ans, un mineur peut être jugé" not in text
    mineurs = library.modules["cyberharcelement"].activity("loi-mineurs")
    assert "Un mineur peut être jugé, même avant 13 ans." in mineurs.texte
    assert "la prison est au plus la moitié de celle d'un adulte, l'amende au plus 7 500 €" in mineurs.texte
    assert "À partir de 16 ans" in mineurs.texte
    for article in ("L11-1", "L121-5", "L121-6", "L121-7"):
        assert article in mineurs.source


def test_corrected_facts_carry_their_source_and_the_new_check_date(library):
    import datetime

    checked = datetime.date(2026, 11, 27)
    spots = [
        ("cyberharcelement", "loi"),
        ("cyberharcelement", "loi-peines"),
        ("cyberharcelement", "loi-mineurs"),
        ("cyberharcelement", "loi-consequences"),
        ("cyberharcelement", "loi-raid"),
        ("cyberharcelement", "situations"),
        ("qcm", "photo-intime"),
        ("qcm", "video-bagarre"),
        ("qcm", "numero-unique"),
        ("harcelometre", "harcelometre"),
    ]
    for module, activity in spots:
        a = library.modules[module].activity(activity)
        assert a.source and a.verifie_le == checked, (module, activity)
    assert library.resources["3020"].verifie_le == checked


def test_intimate_photo_of_a_minor_gives_article_227_23_penalties(library):
    photo = library.modules["qcm"].activity("photo-intime")
    assert "5 ans de prison et 75 000 €" in photo.explication
    assert "7 ans et 100 000 €" in photo.explication
    assert "la garder est aussi un délit" in photo.explication
    assert "227-23" in photo.source and "226-2-1" in photo.source


def test_fight_video_names_the_evidence_exception(library):
    video = library.modules["qcm"].activity("video-bagarre")
    assert "c'est s'en rendre complice." not in video.explication
    assert "sauf si tu la filmes pour servir de preuve" in video.explication
    assert "jusqu'à 5 ans de prison et 75 000 €" in video.explication
    assert "est puni de 5 ans" not in video.explication
    assert "222-33-3" in video.source


def test_single_number_is_worded_without_a_date(library):
    shown = [
        getattr(a, f, "")
        for m in library.modules.values()
        for a in m.activites
        for f in ("texte", "explication", "aide")
    ]
    text = "\n".join(shown + [r.texte for r in library.resources.values()])
    assert "27 septembre 2023" not in text and "Depuis 2023" not in text
    assert "aujourd'hui, un seul numéro, le 3018" in library.resources["3020"].texte
    assert (
        library.modules["qcm"].activity("numero-unique").explication.startswith("Aujourd'hui, un seul numéro : le 3018")
    )


def test_harcelometre_says_it_can_be_harassment_not_that_you_are_a_victim(library):
    echelle = library.modules["harcelometre"].activites[0]
    assert "tu es victime de harcèlement" not in echelle.aide
    assert "se répète, ça peut être du harcèlement." in echelle.aide


def test_handout_wording_is_corrected_and_spelled_one_way(library):
    text = "\n".join(repr(m) for m in library.modules.values())
    assert "pas de l'argent" not in text and "et/ou" not in text
    assert "Me vole ou abîme mes affaires" in text and "Me rackette" in text
    assert "cyber-harcèlement" not in text.casefold()
    assert "cyberharcèlement" in text
    assert not re.search(r" internet(?![-.])", text)  # always « Internet » (not the PHAROS address)


def test_harcelometre_has_the_seed_behaviours_one_act_per_answer(library):
    echelle = library.modules["harcelometre"].activites[0]
    # The sorting game is a knowledge question; only the passation is sensitive.
    assert isinstance(echelle, Echelle) and not echelle.sensible and echelle.passation
    texts = [i.texte for i in echelle.items]
    assert len(texts) == 16
    assert texts[0] == "Respecte mes goûts, mes besoins, mes choix"
    assert texts[-2:] == ["Me bouscule violemment ou me frappe", "M'agresse sexuellement"]
    # The seed's items that bundled three acts are answered one act at a time.
    for bundled in ("me fait du chantage, me menace", "m'humilie en public, m'insulte", "me frappe, m'agresse"):
        assert not any(bundled in t for t in texts)
    harmful = [i.texte for i in echelle.items if i.zone != "sain"]
    assert all(t.count(",") + t.count(" ou ") <= 1 for t in harmful), harmful
    zones = [i.zone for i in echelle.items]
    assert zones == sorted(zones, key=["sain", "vigilance", "inacceptable"].index)
    assert echelle.zone("sain").message.startswith("Tu respectes cette personne et elle te respecte.")
    assert echelle.zone("inacceptable").message.startswith("Ce qu'il se passe n'est pas normal")
    assert "Si au moins l'un de ces comportements" in echelle.aide
    assert "En Avant Toute(s)" in echelle.credit
    assert echelle.passation.reponses == ("jamais", "parfois", "souvent", "je ne souhaite pas répondre")


def test_self_assessment_is_honest_and_kind(library):
    echelle = library.modules["harcelometre"].activites[0]
    intro, fin = echelle.passation.introduction, echelle.passation.fin
    assert "personne ne saura" not in intro
    assert "Rien n'est enregistré sur toi" in intro and "seulement le total" in intro
    assert "tu peux arrêter quand tu veux" in intro
    for text in (intro, fin, echelle.aide):
        assert "119" in text  # « cette personne » may be an adult at home
    assert "graves répercussions" not in echelle.aide and "ce n'est pas de ta faute" in fin
    assert "Tu n'es pas seul ou seule" in echelle.aide


def test_suicide_is_never_named_without_the_3114(library):
    for module in library.modules.values():
        for activity in module.activites:
            text = " ".join(str(getattr(activity, f, "")) for f in ("texte", "explication", "aide", "question"))
            if "suicid" in text:
                assert "3114" in text and "3114" in module.ressources, (module.id, activity.id)


def test_modules_list_the_resources_that_fit_them(library):
    listed = {r for m in library.modules.values() for r in m.ressources}
    assert {"3114", "fil-sante-jeunes", "pharos"} <= listed
    assert "pharos" in library.modules["cyberharcelement"].ressources
    assert "fil-sante-jeunes" in library.modules["harcelometre"].ressources


def test_witness_question_asks_for_no_names_and_no_answer_is_due(library):
    temoin = library.modules["cyberharcelement"].activity("temoin")
    assert "sans citer de noms" in temoin.question
    assert "tu n'es pas obligé ou obligée de répondre" in temoin.question


def test_no_point_median_or_inner_dot_in_bundled_content(library):
    texts = [repr(m) for m in library.modules.values()] + [repr(r) for r in library.resources.values()]
    for text in texts:
        assert not re.search(r"[^\W\d_][·•][^\W\d_]", text)
        assert not re.search(r"[a-zéè]\.(e|es)\b", text), re.search(r"\w+\.(e|es)\b", text)


def test_right_answers_are_spread_and_distractors_are_plausible(library):
    questions = library.modules["qcm"].activites
    positions = [q.correct_indexes[0] for q in questions]
    assert max(positions.count(p) for p in set(positions)) * 2 <= len(positions)
    options = [o.texte for q in questions for o in q.options]
    for implausible in (
        "Non, cela ne peut se produire que dans les films",
        "Seulement la nuit",
        "Faire la police dans la cour",
    ):
        assert implausible not in options
    assert "24 h/24" in [o.texte for o in library.modules["qcm"].activity("horaires-3018").options]
    first = library.modules["qcm"].activity("victime-silencieuse")
    assert "victime silencieuse" not in first.question  # the question no longer holds its answer


def test_qcm_has_the_seed_questions_and_at_least_eight_more(library):
    questions = library.modules["qcm"].activites
    assert all(isinstance(q, Qcm) for q in questions)
    assert len(questions) >= 11
    assert [q.id for q in questions[:3]] == ["victime-silencieuse", "temoin-en-ligne", "uniquement-ecole"]
    assert all(len(q.correct_indexes) == 1 and q.explication for q in questions)


def test_3020_is_kept_inactive_and_replaced_by_3018(library):
    old = library.resources["3020"]
    assert not old.actif and old.remplace_par == "3018"
    assert "samedi de 9 h à 18 h" in old.texte
    assert library.resources["3018"].actif
    for rid in ("3018", "119", "urgence", "114", "3114", "fil-sante-jeunes"):
        assert library.resources[rid].url and library.resources[rid].verifie_le


def test_3020_is_only_named_as_the_replaced_number(library):
    named = [(m.id, a.id) for m in library.modules.values() for a in m.activites if "3020" in repr(a)]
    assert named == [("qcm", "numero-unique")]
    assert "L'ancien 3020 a été remplacé par le 3018" in library.modules["qcm"].activity("numero-unique").explication


def test_no_outdated_statement_in_modules(library):
    text = "\n".join(repr(m) for m in library.modules.values())
    assert not re.search(r"30\s?000", text)
    assert "deux ans" not in text
    # "2 ans" is only the penalty for sharing an intimate image of an adult (art. 226-2-1)
    # or a sexual montage (art. 226-8-1), each time with its article
    for module in library.modules.values():
        for activity in module.activites:
            for found in re.findall(r"2 ans de\s+prison et [0-9 ]+ €", repr(activity)):
                assert found == "2 ans de prison et 60 000 €"
                assert "226-2-1" in repr(activity) or "226-8-1" in repr(activity)
    assert "mineur de quinze ans" not in text and "0800 200 000" not in text
    assert "Lot-et-Garonne" in text  # only inside the corrected credit line
    for module in library.modules.values():
        assert all(library.resources[r].actif for r in module.ressources)


NEW_MODULES = {  # id -> the school levels it is written for
    "images-intimes": ("4e", "3e", "seconde", "premiere", "terminale"),
    "temoins": ("6e", "5e", "4e", "3e", "seconde", "premiere", "terminale"),
    "ecole": ("cm1", "cm2"),
    "parents": ("adultes",),
    "phare": ("6e", "5e", "4e", "3e", "seconde", "premiere", "terminale"),
}


def _read_texts(activity) -> list[str]:
    """What pupils (or parents) read in an activity, each text on its own."""
    if isinstance(activity, Qcm):
        return [activity.question, activity.explication]
    if isinstance(activity, Tri):
        return [t for item in activity.items for t in (item.texte, item.explication)]
    if isinstance(activity, Reflexion):
        return [activity.question] + ([activity.a_retenir] if activity.a_retenir else [])
    if isinstance(activity, (Info, TexteATrous)):
        return [activity.texte]
    return []


@pytest.mark.parametrize("module_id", sorted(NEW_MODULES))
def test_new_module_has_its_levels_sources_and_an_explanation_for_every_answer(library, module_id):
    module = library.modules[module_id]
    assert module.levels == NEW_MODULES[module_id]
    assert len(module.activites) >= 7
    for activity in module.activites:
        if not isinstance(activity, Reflexion):  # a discussion states no fact
            assert activity.source and activity.verifie_le, activity.id
            assert "shared/" not in activity.source  # shown on screen: public sources only
        for choice in choices(activity):
            assert len(choice.options) >= 2
            if not isinstance(activity, TexteATrous):
                assert len(choice.explanation) > 20, (activity.id, choice.prompt)


ALL_MODULES = sorted(NEW_MODULES) + ["cyberharcelement", "harcelometre", "qcm"]


def test_every_bundled_module_states_its_school_levels(library):
    for module in library.modules.values():
        assert module.public and all(level in LEVELS for level in module.public), module.id
    assert library.modules["qcm"].levels == NEW_MODULES["temoins"]  # 6e to terminale


@pytest.mark.parametrize("module_id", ALL_MODULES)
def test_every_module_has_an_easy_read_version_of_every_question_explanation_and_card(library, module_id):
    module = library.modules[module_id]
    easy_titles = dict(module.facile)
    assert easy_titles["description"]
    for activity in module.activites:
        ordinary = _read_texts(activity)
        easy = dict(activity.facile)
        items = [dict(i.facile) for i in getattr(activity, "items", ())]
        easy_texts = [easy.get(k) for k in ("question", "explication", "a_retenir", "texte") if k in easy]
        easy_texts += [i.get(k) for i in items for k in ("texte", "explication")]
        if not isinstance(activity, Echelle):
            assert len([t for t in easy_texts if t]) == len(ordinary), activity.id
        if isinstance(activity, Qcm) and module_id in NEW_MODULES:
            assert all(dict(o.facile).get("texte") for o in activity.options), activity.id
        if isinstance(activity, Echelle):  # each behaviour, each zone, the help and the passation
            assert all(dict(i.facile).get("texte") for i in activity.items)
            assert all(dict(z.facile).get("message") for z in activity.zones)
            assert easy["aide"] and dict(activity.passation.facile)["fin"]
            easy_texts += [
                easy["aide"],
                *(dict(z.facile)["message"] for z in activity.zones),
                *dict(activity.passation.facile).values(),
            ]
            easy_texts = [t for t in easy_texts if isinstance(t, str)]
        for text in easy_texts:
            for sentence in sentences(text):
                assert len(re.findall(r"[^\W_]+(?:['’-][^\W_]+)*", sentence)) <= MAX_WORDS, sentence


def test_right_answers_are_spread_over_the_positions(library):
    for module_id in NEW_MODULES:
        positions = [q.correct_indexes[0] for q in library.modules[module_id].activites if isinstance(q, Qcm)]
        assert max(positions.count(p) for p in set(positions)) * 2 <= len(positions), module_id


def test_every_mention_of_suicide_comes_with_the_3114(library):
    for module in library.modules.values():
        for activity in module.activites:
            texts = [t for t in _read_texts(activity) if "suicid" in t.casefold()]
            for text in texts:
                assert "3114" in text or "3114" in module.ressources, (module.id, activity.id)


def test_the_school_module_has_no_penalty_and_gives_the_3018_and_the_119(library):
    text = repr(library.modules["ecole"])
    assert "prison" not in text and "amende" not in text and "€" not in text
    assert "3018" in text and "119" in text
    assert all(
        len(s.split()) <= 25 for a in library.modules["ecole"].activites for t in _read_texts(a) for s in sentences(t)
    )


def test_images_intimes_never_blames_the_victim_and_names_227_23(library):
    module = library.modules["images-intimes"]
    text = repr(module)
    assert "ce n'est jamais sa faute" in text.casefold() and "Ce n'est pas ta faute" in text
    assert "227-23" in text and "226-8-1" in text and "PHAROS" in text
    assert {"3018", "pharos"} <= set(module.ressources)


def test_every_active_resource_has_an_easy_read_version(library):
    for resource in library.resources.values():
        if resource.actif:
            easy = dict(resource.facile)
            assert easy["court"] and easy["texte"], resource.id
            assert all(len(s.split()) <= MAX_WORDS + 3 for s in sentences(easy["texte"])), resource.id
