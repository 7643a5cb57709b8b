"""Command line: ``python -m analysis {validate,demo,report,empowerment,voices,store} ...``.

Each subcommand (``cli/validate.py``, ``cli/demo.py``, ``cli/report.py``, ``cli/empowerment.py``,
``cli/voices.py``, ``cli/store.py``) calls the same public functions the dashboard calls; this module only parses arguments and dispatches. Exit codes: 0 success, 1 the data cannot be analysed, 2 usage error.
"""

from __future__ import annotations

import argparse
import importlib
import sys


def _add_input_args(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "survey",
        help="survey file: CSV (long or wide; plain, Excel, KoboToolbox or ODK), .xlsx/.xls/.ods, "
        "Stata .dta, SPSS .sav or Parquet",
    )
    p.add_argument("--loans", help="loans ledger (same formats), linked to the survey by member_id")
    add_reading_args(p)


#: The repeatable reading options: (flag, metavar, help).
_REPEATABLE = (
    ("--map", "FIELD=COLUMN", "map a canonical field to a column of the file; FIELD@WAVE=COLUMN "
     "maps one wave of a wide file by hand (repeatable)"),
    ("--unit", "FIELD=UNIT", "unit of a money field: IDR (rupiah, the default), a currency code "
     "(USD, EUR, ...) or 'number' (a score, an index, a log); repeatable"),
    ("--value", "FIELD:TEXT=CODE", "read TEXT in a 0/1 field as CODE, e.g. "
     "'in_program:Kelompok A=1' (repeatable)"),
)  # fmt: skip


def add_reading_args(p: argparse.ArgumentParser) -> None:
    """The options that say how to read a file, shared by every subcommand that reads one
    (the same choices as the Data page and a mapping file)."""
    for flag, metavar, text in _REPEATABLE:
        p.add_argument(flag, action="append", default=[], metavar=metavar, help=text)
    p.add_argument(
        "--mapping", metavar="FILE", help="TOML or JSON mapping file (docs/data_formats.md)"
    )
    p.add_argument(
        "--sheet", metavar="NAME", help="worksheet of a survey workbook (default: first)"
    )
    p.add_argument("--loans-sheet", metavar="NAME", help="worksheet of a loans workbook")
    p.add_argument(
        "--wave-order",
        metavar="A,B,C",
        help="the survey's wave labels earliest first, when they carry no order of their own",
    )


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``python -m analysis``."""
    parser = argparse.ArgumentParser(
        prog="python -m analysis",
        description="Berdaya: income and loan analysis for women's cooperative programs.",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    v = sub.add_parser("validate", help="read a survey (and loans) and print the load report")
    _add_input_args(v)
    v.add_argument("--json", action="store_true", help="print the report as JSON")
    v.add_argument("--lang", choices=["en", "id"], default="en", help="message language")

    d = sub.add_parser("demo", help="write synthetic demo data (labelled synthetic)")
    d.add_argument("--members", type=int, default=600, help="number of members (default 600)")
    d.add_argument("--seed", type=int, default=42, help="random seed (default 42)")
    d.add_argument("--out", default="data", help="output folder (default data/)")

    r = sub.add_parser("report", help="print the full analysis report")
    _add_input_args(r)
    r.add_argument("--waves", nargs=2, metavar=("BEFORE", "AFTER"), help="waves to compare")
    r.add_argument(
        "--cluster",
        choices=["cooperative_id", "group_id", "member_id", "kelurahan", "none"],
        default=None,
        help="cluster every standard error by this column ('none': no clustering); by default "
        "the program-versus-comparison estimates are clustered by cooperative_id and the "
        "regressions use HC3",
    )
    r.add_argument("--model", help='custom model formula, e.g. "income_change ~ capital + age"')
    r.add_argument("--cpi", metavar="FILE", help="your own CPI table (year,cpi) for real incomes")
    r.add_argument("--format", choices=["json", "md"], default="json", help="output format")
    r.add_argument(
        "--lang",
        choices=["en", "id"],
        default="en",
        help="language of the sentences in md and JSON output",
    )
    r.add_argument("-o", "--out", help="write to this file instead of standard output")
    r.add_argument(
        "--allow-dropped",
        action="store_true",
        help="analyse even when more than 1%% of the rows lost a value that could not be read",
    )
    importlib.import_module("analysis.cli.store").register(sub)  # store; report --from-store
    for name in ("empowerment", "voices"):  # issue 13
        importlib.import_module(f"analysis.cli.{name}").register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    args = build_parser().parse_args(argv)
    command = importlib.import_module(f"analysis.cli.{args.command}")
    try:
        return int(command.run(args))
    except BrokenPipeError:  # `... | head` closed the pipe: nothing left to say
        sys.stderr.close()
        return 0
    except (OSError, ValueError) as exc:  # user-facing: a message, never a traceback
        print(f"error: {exc}", file=sys.stderr)
        return 1
