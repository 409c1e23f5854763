"""Shows that the tests which replaced issue 18's weak spots can fail: each mutation breaks,
in one line, the INSTALLED package (what the tests run), runs the test that guards it,
checks that it fails with the expected message, and puts the file back, whatever happens.

    python tools/mutations.py            # every mutation (a few minutes)
    python tools/mutations.py --liste    # the table, without running anything
    python tools/mutations.py 3 7        # only mutations 3 and 7

Run it in a venv where the kit is installed (`pip install .`), from the checkout's root;
nothing in the checkout changes. Exit code 1 if a test passed on its broken build."""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# (test, file inside the installed package, line as it is, line broken, what the failure says)
MUTATIONS = [
    (
        "tests/test_verifier_robustness.py::test_random_text_gives_only_problems",
        "content/loader.py",
        "            library.problems.extend(report.problems)\n            continue",
        "            continue",
        "the file was dropped without a word",
    ),
    (
        "tests/test_verifier_robustness.py::test_verifier_command_prints_and_exits_1_on_mutated_files",
        "cli.py",
        "    print(verification_text(library))\n    return 1 if library.errors else 0\n\n\ndef _run_schema",
        "    print(verification_text(library))\n    return 0\n\n\ndef _run_schema",
        "assert 0 == 1",
    ),
    (
        "tests/test_bundled_content.py::test_3020_is_kept_inactive_and_replaced_by_3018",
        "quizzes/ressources.yaml",
        '    remplace_par: "3018"',
        '    remplace_par: "119"',
        "'119' == '3018'",
    ),
    (
        "tests/test_cli.py::test_entry_point_script_is_installed",
        "cli.py",
        "        library = _library(args)\n    print(verification_text(library))",
        "        library = _library(args)\n    print()",
        "Contenu vérifié : 8 modules, aucune erreur",
    ),
    (
        "tests/test_cli.py::test_bad_options_exit_2_with_the_usage_and_a_french_message",
        "cli.py",
        '    (r"unrecognized arguments: (.*)", r"arguments inconnus : \\1"),',
        "",
        "unrecognized arguments: --inconnu",
    ),
    (
        "tests/test_tui_animer.py::test_no_option_gets_more_hands_than_participants",
        "tui/widgets/vote.py",
        "        self.notify(message, **kwargs)",
        "        pass",
        "Right contains one more item: 'Au plus 24 mains",
    ),
    (
        "tests/test_exchange.py::test_killed_importer_leaves_the_store_as_it_was",
        "tally/exchange.py",
        '                    pause_point("import")  #',
        '                    staging.publish(conn, run); conn.commit(); conn.execute("BEGIN IMMEDIATE"); '
        'pause_point("import")  #',
        "assert current_state(store) == before",
    ),
    (
        "tests/test_bilan_views.py::test_the_bilan_screen_shows_the_figures_and_goes_back",
        "tui/screens/bilan.py",
        "            yield Static(text, markup=False)",
        '            yield Static("", markup=False)',
        "Bilan année scolaire 2024-2025",
    ),
    (
        "tests/test_bilan_views.py::test_the_pdf_answers_page_has_each_question_its_share_and_the_masked_cell",
        "paper/bilan_pdf.py",
        'pdf.text_block(f"{label} : n.d. (réponses sensibles,',
        'pdf.text_block(f"{label} : 0 % (réponses sensibles,',
        "n.d. (réponses sensibles",
    ),
    (
        "tests/test_bilan_views.py::test_the_pdf_answer_bars_are_as_long_as_the_share",
        "paper/bilan_pdf.py",
        "max(plot_w * value / 100, 0.4)",
        "max(plot_w * value / 150, 0.4)",
        "0.67",
    ),
    (
        "tests/test_live_console.py::test_direct_in_a_terminal_prints_a_qr_code_of_its_link",
        "live/console.py",
        "    if show_qr:",
        "    if False:",
        "Right contains one more item: 'http://127.0.0.1:",
    ),
]


def installed_package() -> Path:
    found = subprocess.run(
        [sys.executable, "-P", "-c", "import harcelement_kit; print(harcelement_kit.__file__)"],
        capture_output=True,
        text=True,
        cwd="/",
        check=True,
    )
    return Path(found.stdout.strip()).parent


def run_test(test: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-P", "-m", "pytest", test, "-x", "-q", "-p", "no:randomly", "-p", "no:cacheprovider"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )


def mutate(package: Path, number: int) -> tuple[bool, str]:
    test, file, old, new, expected = MUTATIONS[number - 1]
    path = package / file
    original = path.read_bytes()
    text = original.decode("utf-8")
    if text.count(old) != 1:
        return False, f"la ligne à casser n'est pas une fois dans {file} (le code a changé ?)"
    try:
        path.write_text(text.replace(old, new), encoding="utf-8")
        for cached in (path.parent / "__pycache__").glob(path.stem + ".*.pyc"):
            cached.unlink()  # never the old bytecode: the mutation runs
        result = run_test(test)
    finally:
        path.write_bytes(original)
        for cached in (path.parent / "__pycache__").glob(path.stem + ".*.pyc"):
            cached.unlink()
    output = result.stdout + result.stderr
    failed = result.returncode != 0 and expected in output
    detail = next((line.strip() for line in output.splitlines() if expected in line), "")
    return failed, detail or output.strip().splitlines()[-1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("numbers", nargs="*", type=int, metavar="N")
    parser.add_argument("--liste", action="store_true")
    args = parser.parse_args()
    numbers = args.numbers or range(1, len(MUTATIONS) + 1)
    if args.liste:
        for n in numbers:
            test, file, old, new, expected = MUTATIONS[n - 1]
            print(f"{n}. {test}\n   {file} : « {old.strip()} » -> « {new.strip()} »\n   attendu : {expected}")
        return 0
    package = installed_package()
    bad = 0
    for n in numbers:
        test = MUTATIONS[n - 1][0]
        passes = run_test(test).returncode == 0  # the unbroken build passes: only the mutation fails it
        failed, detail = mutate(package, n) if passes else (False, "le test échoue déjà sans mutation")
        bad += not failed
        print(
            f"{n}. {'échoue comme attendu' if failed else 'NE DÉTECTE PAS LA MUTATION'} : {test}\n   {detail}",
            flush=True,
        )
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
