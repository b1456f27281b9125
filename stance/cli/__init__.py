"""The ``stance`` command line: predict, analyze, corpus, train, evaluate, calibrate, split, export.

Each command group has its own module; this one builds the parser, configures logging and
warnings (the library itself never does) and turns errors into one-line messages."""

from __future__ import annotations

import argparse
import logging
import sys
import warnings

from ..data import DataError
from ..files import OutputError
from ..version import __version__
from . import analyze, corpus, predict, training
from .common import CLIError

__all__ = ["CLIError", "build_parser", "main"]


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="stance", description="Stance of news sentences toward actors.")
    p.add_argument("--version", action="version", version=f"stance {__version__}")
    sub = p.add_subparsers(dest="command", required=True)
    predict.add_parser(sub)
    analyze.add_parser(sub)
    corpus.add_parser(sub)
    training.add_parsers(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger("stance").setLevel(logging.INFO)
    warnings.simplefilter("default")
    warnings.formatwarning = lambda msg, cat, *a, **k: f"warning: {msg}\n"
    try:
        from transformers.utils import logging as hf_logging

        hf_logging.set_verbosity_error()
        if args.command in ("predict", "evaluate", "analyze", "corpus", "calibrate"):
            hf_logging.disable_progress_bar()
        return args.func(args)
    except DataError as err:
        for problem in err.problems:
            print(f"error: {problem}", file=sys.stderr)
        return 2
    except (CLIError, OutputError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    except (ValueError, TypeError, FileNotFoundError, FileExistsError, ImportError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
