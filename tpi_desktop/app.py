"""The Qt application's composition root: paths, logging, QApplication, wiring.

(The window is built by ``tpi_desktop.ui``; this module is completed with it.)
"""

from __future__ import annotations

import argparse
import sys


def run(args: argparse.Namespace) -> int:
    """Open the application."""
    sys.stderr.write("error: the application window is not built yet; use a subcommand (see --help)\n")
    return 2
