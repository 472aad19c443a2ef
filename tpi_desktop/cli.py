"""The ``tpi-desktop`` command line: argument parsing and dispatch only.

Without a subcommand it opens the Qt application. Each subcommand's handler lives in
``tpi_desktop.commands`` and is imported only when used, so ``tpi-desktop code`` never loads Qt.
Exit status: 0 done, 1 the command found a problem, 2 bad input or usage (``error: ...`` lines).
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Sequence

from tpi_desktop import __version__

# subcommand -> "module:function" under tpi_desktop.commands
HANDLERS: dict[str, str] = {
    "code": "coding:cmd_code",
    "muscles": "coding:cmd_muscles",
    "icd": "coding:cmd_icd",
    "visit add": "visits:cmd_visit_add",
    "visit list": "visits:cmd_visit_list",
    "visit show": "visits:cmd_visit_show",
    "visit finalize": "visits:cmd_visit_finalize",
    "backup": "maintenance:cmd_backup",
    "restore": "maintenance:cmd_restore",
    "check": "maintenance:cmd_check",
    "demo": "maintenance:cmd_demo",
    "pdf": "pdf:cmd_pdf",
}


class _Parser(argparse.ArgumentParser):
    """argparse that reports usage errors as ``error: ...`` and exit status 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        sys.stderr.write(f"error: {message}\n")
        sys.stderr.write(f"usage: {self.format_usage().removeprefix('usage: ')}")
        raise SystemExit(2)


def _db_option(parser: argparse.ArgumentParser, *, top: bool = False) -> None:
    # A subcommand's --db must not overwrite one given before the subcommand with its
    # default: SUPPRESS leaves the top-level value alone unless --db is given again.
    parser.add_argument(
        "--db",
        metavar="PATH",
        default=None if top else argparse.SUPPRESS,
        help="database file (default: user data folder; env TPI_DESKTOP_DB)",
    )


class _Retry(Exception):
    """The top-level options alone could not parse the command line (see ``parse_args``)."""


class _TopOnly(_Parser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise _Retry(message)


def _top_options(
    parser: argparse.ArgumentParser, *, quick: bool = False
) -> argparse.ArgumentParser:
    if quick:  # only noted: the whole parser prints it, or refuses it after a subcommand
        parser.add_argument("--version", action="store_true", dest="version_asked")
    else:
        parser.add_argument("--version", action="version", version=f"tpi-desktop {__version__}")
    _db_option(parser, top=True)
    parser.add_argument(
        "--demo", action="store_true", help="open the application on a demo database"
    )
    parser.add_argument(
        "--screenshot", metavar="PNG", help="render the main window offscreen to PNG and exit"
    )
    parser.add_argument(
        "--view",
        choices=["picker", "visit", "list", "coding"],
        default="visit",
        help="with --screenshot: which screen",
    )
    parser.add_argument(
        "--selftest", action="store_true", help="smoke-test engine, store and PDF, then exit"
    )
    return parser


PROG = "tpi-desktop"
DESCRIPTION = "Offline coding workstation for trigger point injections."


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """Parse the command line (``sys.argv[1:]`` by default).

    Opening the window (top-level options only, the everyday case) is parsed by those options
    alone; building the whole parser with every subcommand costs 3 ms of each start. Anything
    else, a subcommand, ``--help``, ``--version`` or a mistake, goes to the whole parser, so its
    output, errors and exit status are the same."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if not any(arg in ("-h", "--help") for arg in argv):
        top = _TopOnly(prog=PROG, description=DESCRIPTION, add_help=False)
        try:
            args, rest = _top_options(top, quick=True).parse_known_args(argv)
        except _Retry:
            pass
        else:
            if not rest and not args.version_asked:
                del args.version_asked
                args.command = None
                return args
    return build_parser().parse_args(argv)


def build_parser() -> argparse.ArgumentParser:
    """The whole command line, as in shared/reference/cli.md."""
    parser = _top_options(_Parser(prog=PROG, description=DESCRIPTION))
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    p = sub.add_parser("code", help="encounter JSON -> coding result JSON")
    p.add_argument("file", nargs="?", default="-", metavar="FILE|-")

    p = sub.add_parser("muscles", help="list the muscle catalog")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("icd", help="search ICD-10-CM by code or words")
    p.add_argument("text", nargs="+", metavar="TEXT")
    p.add_argument("--json", action="store_true")
    p.add_argument("--all", action="store_true", help="include non-billable (category) codes")

    visit = sub.add_parser("visit", help="store, list, show and finalize visits")
    vsub = visit.add_subparsers(
        dest="visit_command", metavar="ACTION", parser_class=_Parser, required=True
    )
    p = vsub.add_parser("add", help="store a visit, print its id")
    p.add_argument("file", nargs="?", default="-", metavar="FILE|-")
    _db_option(p)
    p = vsub.add_parser("list", help="list visits")
    _db_option(p)
    p.add_argument("--json", action="store_true")
    p.add_argument("--patient", metavar="TEXT")
    p.add_argument("--from", dest="date_from", metavar="DATE")
    p.add_argument("--to", dest="date_to", metavar="DATE")
    p.add_argument("--status", choices=["draft", "final", "amended"])
    p.add_argument("--payer", metavar="PAYER")
    p.add_argument("--code", metavar="CODE")
    p.add_argument("--limit", type=int, default=50)
    p = vsub.add_parser("show", help="show one visit")
    p.add_argument("id", type=int)
    _db_option(p)
    p.add_argument("--json", action="store_true")
    p = vsub.add_parser("finalize", help="finalize a visit")
    p.add_argument("id", type=int)
    _db_option(p)
    p.add_argument("--override-reason", metavar="TEXT")
    p.add_argument("--user", default=None, help="who finalizes (default: the login name)")

    p = sub.add_parser("pdf", help="claim summary PDF(s)")
    p.add_argument("ids", nargs="+", type=int, metavar="ID")
    _db_option(p)
    p.add_argument("-o", "--out", metavar="OUT", help="a file for one id, a folder for several")
    p.add_argument("--combined", action="store_true", help="several ids into one PDF file")

    p = sub.add_parser("backup", help="online backup of the database")
    _db_option(p)
    p.add_argument("out", nargs="?", metavar="OUT")

    p = sub.add_parser("restore", help="verify a backup and swap it in")
    p.add_argument("file", metavar="FILE")
    _db_option(p)

    p = sub.add_parser("check", help="integrity, foreign keys, audit chain")
    _db_option(p)

    p = sub.add_parser("demo", help="fill a database with demo patients and visits")
    _db_option(p)
    p.add_argument("--visits", type=int, default=120, metavar="N")
    return parser


def _handler(name: str) -> Callable[[argparse.Namespace], int]:
    module_name, function = HANDLERS[name].split(":")
    module = importlib.import_module(f"tpi_desktop.commands.{module_name}")
    handler: Callable[[argparse.Namespace], int] = getattr(module, function)
    return handler


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = parse_args(argv)
    if args.command is None:
        from tpi_desktop import app

        return app.run(args)
    name = args.command if args.command != "visit" else f"visit {args.visit_command}"
    try:
        return _handler(name)(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
