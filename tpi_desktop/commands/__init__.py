"""Handlers of the headless subcommands: parse arguments, call ``services``, print.

Every handler takes the parsed ``argparse.Namespace`` and returns the exit status.
"""
