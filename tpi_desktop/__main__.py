"""``python -m tpi_desktop``: the same entry point as ``tpi-desktop``."""

from __future__ import annotations

import sys

from tpi_desktop.cli import main

if __name__ == "__main__":
    sys.exit(main())
