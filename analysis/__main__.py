"""``python -m analysis``: the command line lives in :mod:`analysis.cli`."""

from __future__ import annotations

import sys

from analysis.cli import build_parser, main

__all__ = ["build_parser", "main"]

if __name__ == "__main__":
    sys.exit(main())
