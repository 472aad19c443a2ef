"""``tpi-desktop pdf ID... [--db PATH] [-o OUT] [--combined]``: claim summary PDFs.

OUT is a file for one id (or with ``--combined``) and a folder for several; the default is the
current folder. Prints each written path. An unknown id is an ``error: ID: ...`` line and exit
status 2, and the other visits are still written.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tpi_desktop import paths
from tpi_desktop.commands._output import print_errors
from tpi_desktop.commands.visits import guarded, workspace
from tpi_desktop.services.export import export_visits


def _target(args: argparse.Namespace) -> tuple[Path, bool]:
    """(where to write, whether that is a single file)."""
    if args.out is None:
        return Path.cwd(), False
    out = Path(args.out).expanduser()
    single = len(args.ids) == 1 or args.combined
    return out, single and not out.is_dir()


def cmd_pdf(args: argparse.Namespace) -> int:
    """Write the claim summaries of the given visit ids; exit 2 if any could not be written."""

    def run() -> int:
        out, as_file = _target(args)
        ids = list(dict.fromkeys(args.ids))  # the same id twice is one summary
        if len(ids) > 1 and not args.combined and out.suffix.lower() == ".pdf":
            # A folder called "x.pdf" would surprise the user: ask what they meant.
            return print_errors(
                [
                    (
                        "-o",
                        f"{out} is a file name, but several ids write one PDF each into a folder;"
                        " give a folder, or add --combined for one file",
                    )
                ]
            )
        with workspace(args) as ws:
            report = export_visits(
                ws,
                ids,
                out,
                combined=args.combined,
                as_file=as_file,
                body_dir=paths.resources_dir() / "body",
            )
        for path in report.written:
            sys.stdout.write(f"{path}\n")
        if report.failures:
            return print_errors([(str(visit_id), reason) for visit_id, reason in report.failures])
        return 0

    return guarded(run)
