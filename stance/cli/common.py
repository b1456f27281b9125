"""What the command modules share: the one-line error type, model loading and backend options."""

from __future__ import annotations

import argparse


class CLIError(Exception):
    """An error reported as one line, exit code 2."""


def load_model(path: str | None, precision: str = "auto", backend: str = "auto", device: str = "cpu"):
    """A model folder (or the shipped default) as the command's options ask."""
    from ..api import load

    return load(path, precision=precision, backend=backend, device=device)


def add_backend(parser: argparse.ArgumentParser) -> None:
    """--backend and --device, as predict, analyze and evaluate take them."""
    parser.add_argument("--backend", choices=["auto", "torch", "onnx"], default="auto",
                        help="auto: the model's ONNX copy when it has one and onnxruntime is installed, else torch")
    parser.add_argument("--device", default="cpu",
                        help="torch backend: cpu (default), cuda, or auto (a GPU when torch sees one)")


def add_engine(parser: argparse.ArgumentParser, what: str) -> None:
    """--engine, --workers and --address, as predict and corpus take them."""
    parser.add_argument("--engine", choices=["local", "ray"], default="local",
                        help=f"ray: {what} through Ray Data on an actor pool (pip install stance[ray])")
    parser.add_argument("--workers", type=int, default=2, help="--engine ray: actors in the pool (one model each)")
    parser.add_argument("--address", help="--engine ray: a Ray cluster to attach to (default: start a local Ray)")
