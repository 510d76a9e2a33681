"""The command line: Click commands that parse options, call one core function and render."""

from disputes.cli.app import main

__all__ = ["main"]
