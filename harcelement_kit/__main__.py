"""`python -m harcelement_kit` runs the command line."""

from harcelement_kit.cli import main

raise SystemExit(main())
