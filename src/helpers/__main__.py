"""`python -m helpers` is the same command line as `tariff-timeline`."""

from helpers.cli import main

raise SystemExit(main())
