"""Run the command line: ``python -m alliancenet report``."""

import sys

from .cli import main

sys.exit(main())
