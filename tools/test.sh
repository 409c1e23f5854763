#!/usr/bin/env bash
# Installs the kit with its test dependencies into the current Python, then runs
# every test. Works on a fresh machine: run it inside a virtual environment.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m pip install --quiet --disable-pip-version-check ".[test]"
# The phone page is tested in Debian's headless Chromium (Playwright drives it;
# it downloads no browser). Installed when missing and apt is at hand as root.
if ! command -v chromium >/dev/null && command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
# -P keeps the source folder off sys.path: the tests exercise the installed
# (non-editable) package, as an animateur gets it, bundled quizzes included.
exec python3 -P -m pytest "$@"
