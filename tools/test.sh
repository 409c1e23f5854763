#!/usr/bin/env bash
# Installs the kit with its test dependencies into the current Python, then runs
# the lint, the layer contract and every test. Run it inside a virtual
# environment (see the README). It never touches the system: no apt, no sudo.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! python3 -c 'import sys; sys.exit(sys.prefix == sys.base_prefix)'; then
    echo "tools/test.sh : à lancer dans un environnement virtuel (python3 -m venv .venv && . .venv/bin/activate)" >&2
    exit 2
fi
python3 -m pip install --quiet --disable-pip-version-check ".[test]"
# The tree follows the lint rules and the formatter's layout in pyproject.toml ([tool.ruff]).
python3 -m ruff check --quiet .
python3 -m ruff format --check --quiet .
# -P keeps the source folder off sys.path: the tests exercise the installed
# (non-editable) package, as an animateur gets it, bundled quizzes included.
# The phone page's browser test uses a chromium already on the machine (.ci/run
# installs Debian's on CI machines); without one it is skipped, except in CI.
exec python3 -P -m pytest "$@"
