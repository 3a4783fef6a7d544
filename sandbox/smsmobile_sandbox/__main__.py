"""`python -m smsmobile_sandbox`: see `_cli.main`."""

import sys

from ._cli import main

sys.exit(main())
