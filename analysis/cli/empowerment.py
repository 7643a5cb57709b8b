"""``python -m analysis empowerment``: the Alkire-Foster empowerment index of a survey.

The work is :func:`analysis.outputs.empowerment.empowerment_report` (and
:func:`~analysis.outputs.empowerment.empowerment_markdown`); this file reads the survey, the
configuration and the options. Exit codes: 0 written; 1 the survey or the configuration
cannot be analysed (reasons printed in ``--lang`` on standard error, no traceback); 2 a usage
error (a malformed ``--map``, an unknown field, a missing survey or configuration file).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from analysis.cli.inputs import UsageError, read_cli_inputs, say_why_not, usage_error
from analysis.messages import DataError, Lang


def say(text: str) -> None:
    """A line on standard error."""
    print(text, file=sys.stderr)


def load_or_say(path: str, mapping: dict[str, str], options: dict[str, Any], lang: Lang):
    """The loaded survey, or ``None`` after printing why it cannot be analysed."""
    from analysis.ingest.loaders import load_survey

    loaded = load_survey(path, mapping or None, **options)
    if not loaded.report.can_analyse:
        say_why_not(("survey", "survei"), path, loaded.report, lang)
        return None
    return loaded


def write_out(text: str, out: str | None, lang: Lang) -> None:
    """``text`` to ``out`` (saying so) or to standard output."""
    if out:
        Path(out).write_text(text, encoding="utf-8")
        say(f"wrote {out}" if lang == "en" else f"menulis {out}")
    else:
        sys.stdout.buffer.write(text.encode("utf-8"))
        sys.stdout.flush()


def as_json(obj: Any) -> str:
    """Indented JSON without NaN (a NaN left anywhere is a bug: ``allow_nan=False``)."""
    return json.dumps(obj, allow_nan=False, ensure_ascii=False, indent=1) + "\n"


def run(args: argparse.Namespace) -> int:
    """Print the empowerment report of ``args.survey``; see the module doc for exit codes."""
    from analysis.methods.empowerment import default_empowerment_config, read_empowerment_config
    from analysis.outputs.empowerment import empowerment_markdown, empowerment_report

    lang: Lang = args.lang or "en"
    try:
        inputs = read_cli_inputs(args)
        if args.config and not Path(args.config).is_file():
            raise UsageError(f"no such file: {args.config}")
    except UsageError as exc:
        return usage_error(exc)
    try:
        config = (
            read_empowerment_config(Path(args.config))
            if args.config
            else default_empowerment_config()
        )
    except DataError as exc:
        say(f"{'error' if lang == 'en' else 'galat'}: {exc.text(lang)}")
        return 1
    survey = load_or_say(args.survey, inputs.survey_map, inputs.options, lang)
    if survey is None:
        return 1
    try:
        report = empowerment_report(
            survey.data,
            config,
            tuple(args.waves) if args.waves else None,
            by=args.by,
        )
    except DataError as exc:
        say(f"{'error' if lang == 'en' else 'galat'}: {exc.text(lang)}")
        return 1
    text = empowerment_markdown(report, lang) if args.format == "md" else as_json(report)
    write_out(text, args.out, lang)
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``empowerment`` subcommand to the parser's subcommands."""
    e = sub.add_parser("empowerment", help="print the empowerment index (Alkire-Foster)")
    e.add_argument("survey", help="survey CSV with emp_* items (long or wide)")
    e.add_argument("--config", metavar="FILE", help="index configuration (TOML); default: shipped")
    e.add_argument("--waves", nargs=2, metavar=("BEFORE", "AFTER"), help="waves to compare")
    e.add_argument("--by", metavar="COLUMN", help="also split each wave by this column")
    e.add_argument(
        "--map", action="append", default=[], metavar="FIELD=COLUMN",
        help="map a canonical field to a column of the file (repeatable)",
    )  # fmt: skip
    e.add_argument("--mapping", metavar="FILE", help="TOML or JSON file of FIELD = COLUMN pairs")
    e.add_argument("--format", choices=["json", "md"], default="json", help="output format")
    e.add_argument("--lang", choices=["en", "id"], default="en", help="message language")
    e.add_argument("-o", "--out", help="write to this file instead of standard output")
