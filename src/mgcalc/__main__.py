"""``python -m mgcalc``: the ``mgcalc`` command (see :mod:`mgcalc.cli`)."""

from mgcalc.cli import main

raise SystemExit(main())
