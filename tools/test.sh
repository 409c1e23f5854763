#!/usr/bin/env bash
# Installs the kit with its test dependencies into the current Python, then runs
# every test. Works on a fresh machine: run it inside a virtual environment.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m pip install --quiet --disable-pip-version-check ".[test]"
# -P keeps the source folder off sys.path: the tests exercise the installed
# (non-editable) package, as an animateur gets it, bundled quizzes included.
exec python3 -P -m pytest "$@"
