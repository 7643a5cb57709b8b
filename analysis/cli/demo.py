"""``python -m analysis demo``: write synthetic demo data of any size (labelled synthetic)."""

from __future__ import annotations

import argparse
import sys

from analysis.demo import write_demo


def run(args: argparse.Namespace) -> int:
    """Write ``synthetic_survey.csv`` and ``synthetic_loans.csv`` into ``args.out``.

    Returns 0 on success and 2 when the arguments are unusable (for example
    ``--members 0``); the message goes to standard error.
    """
    try:
        paths = write_demo(args.out, members=args.members, seed=args.seed)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"SYNTHETIC demo data: {args.members} people, seed {args.seed}")
    for path in paths:
        print(f"wrote {path}")
    return 0
