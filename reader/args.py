"""Command-line options shared by the `reader` subcommands."""

from __future__ import annotations

import argparse

from reader.ingest.load import DEFAULT_MAX_BYTES


def megabytes(value: str) -> int:
    """argparse type: a size in megabytes, returned in bytes."""
    try:
        size = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of megabytes: {value!r}") from None
    if size <= 0:
        raise argparse.ArgumentTypeError("the size limit must be above 0")
    return int(size * 1024 * 1024)


def add_max_size(parser: argparse.ArgumentParser) -> None:
    """Add `--max-size MB`, the largest article file a command reads."""
    parser.add_argument(
        "--max-size",
        type=megabytes,
        default=DEFAULT_MAX_BYTES,
        metavar="MB",
        help=f"largest article file to read, in MB (default {DEFAULT_MAX_BYTES / 2**20:g})",
    )
