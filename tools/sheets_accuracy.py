#!/usr/bin/env python3
"""Accuracy of the answer-sheet reader on synthetic scans made from the real printed
PDF (issue 13's target: 0 wrong answers on 2 000 marked boxes, every doubt listed).

    python3 tools/sheets_accuracy.py [--boxes 2000] [--graine 1]

Each page: two sheets of a bundled module, rendered at 150, 200 or 300 dpi, every
question marked (a tick, a cross or a filled box, ink of varying darkness, a few
left blank, one in twenty made doubtful on purpose: two ticks, a correction, a
faint mark), curled by up to 2 mm, turned by up to ±10°, warped, blurred, lit
unevenly, sometimes shadowed, saved as JPEG q60, some upside down. Prints marked boxes,
wrong answers (a clear answer read as
another one, or a blank read as an answer), doubts (listed, not counted) and the
seconds per sheet. Exit 1 when any answer is wrong or a planted doubt is missed.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from sheet_scans import distort, mark_page, random_answers, random_distortion, render_pages  # noqa: E402

from harcelement_kit.content.loader import load_bundled_library  # noqa: E402
from harcelement_kit.paper.answer_sheet import print_answer_sheets, sheet_layout  # noqa: E402
from harcelement_kit.reading.sheets import SheetReader  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--boxes", type=int, default=2000)
    parser.add_argument("--graine", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.graine)
    library = load_bundled_library([])
    reader = SheetReader(library.modules)
    modules = ["harcelometre", "qcm", "cyberharcelement"]
    blanks = {
        m: render_pages(print_answer_sheets([library.modules[m]], copies=2), dpi)[0] for m in modules for dpi in (150,)
    }  # warm-up: fonts, layouts
    del blanks
    pdfs = {m: print_answer_sheets([library.modules[m]], copies=2) for m in modules}
    layouts = {m: sheet_layout(library.modules[m]) for m in modules}
    marked = wrong = doubts = blank_questions = sheets = unread = planted = planted_found = 0
    seconds = 0.0
    while marked < args.boxes:
        module = modules[sheets // 2 % len(modules)]
        dpi = rng.choice((150, 200, 300))
        layout = layouts[module]
        page = render_pages(pdfs[module], dpi)[0]
        expected = {}
        for slot in (0, 1):
            marks, answers = random_answers(layout, rng)
            for index in list(marks):  # about one question in twenty is made doubtful on purpose
                if rng.random() < 0.05 and len(layout.questions[index].boxes) > 1:
                    first = marks[index][0][0]
                    other = (first + 1) % len(layout.questions[index].boxes)
                    kind = rng.choice(("double", "correction", "faint"))
                    marks[index] = {
                        "double": [(first, "tick"), (other, "tick")],
                        "correction": [(first, "fill"), (other, "tick")],
                        "faint": [(first, "faint")],
                    }[kind]
                    answers[index] = "doute"
            mark_page(page, layout, slot, marks, dpi, rng)
            expected[slot] = answers
        image = distort(page, rng, **random_distortion(rng, upside_down=rng.random() < 0.25))
        start = time.perf_counter()
        result = reader.read(image, f"{module}@{dpi}")
        seconds += time.perf_counter() - start
        sheets += 2
        unread += 2 - len(result.sheets)
        for problem in result.problems:
            print("  illisible :", problem)
        for sheet in result.sheets:
            answers = expected[0 if sheet.where.endswith("haut") else 1]
            doubtful = {layout.questions.index(d.question) for d in sheet.doubts}
            for d in sheet.doubts:
                if answers.get(layout.questions.index(d.question)) != "doute":
                    print(f"  doute sur une réponse nette : {d.line}")
            for index in range(len(layout.questions)):
                if answers.get(index) == "doute":
                    planted += 1
                    if index in doubtful:
                        planted_found += 1
                    else:
                        wrong += 1
                        print(f"  DOUTE MANQUÉ : {sheet.where} q{index + 1} lu {sheet.answers.get(index)}")
                    continue
                if index in answers:
                    marked += 1
                else:
                    blank_questions += 1
                if index in doubtful:
                    doubts += 1
                elif sheet.answers.get(index) != answers.get(index):
                    wrong += 1
                    print(
                        f"  FAUX : {sheet.where} q{index + 1} lu {sheet.answers.get(index)}, "
                        f"marqué {answers.get(index)}"
                    )
    print(
        f"cases marquées : {marked} ; questions laissées vides : {blank_questions} ; fiches : {sheets} "
        f"(illisibles : {unread})"
    )
    print(f"doutes placés exprès (deux coches, correction, marque légère) : {planted}, listés : {planted_found}")
    print(
        f"réponses fausses : {wrong} ; réponses nettes listées en doute : {doubts} ; "
        f"lecture : {seconds / max(1, sheets - unread) * 1000:.0f} ms par fiche"
    )
    return 1 if wrong or unread else 0


if __name__ == "__main__":
    sys.exit(main())
