"""``python -m analysis voices``: coded excerpts read and displayed as theme counts.

The work is :func:`analysis.ingest.voices.load_voices` and :mod:`analysis.methods.voices`;
this file reads the files and writes one JSON object: ``themes`` (``code``, ``label``,
``parent``, ``n_excerpts``, ``n_respondents``), ``case_by_theme`` (``case``, ``theme``,
``n_excerpts``; cases are members, or ``--by`` values read from the survey) and ``report``
(the load report of :meth:`analysis.ingest.voices.VoicesReport.to_dict`). Exit codes: 0
written; 1 the excerpts (or the survey) cannot be analysed, the reasons printed in ``--lang``
on standard error; 2 a usage error (a missing file, ``--by`` without ``--survey``).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from analysis.cli.empowerment import as_json, load_or_say, say, write_out
from analysis.cli.inputs import UsageError, say_why_not, usage_error
from analysis.messages import Lang


def _check_usage(args: argparse.Namespace) -> None:
    for path in (args.excerpts, args.codebook, args.survey):
        if path is not None and not Path(path).is_file():
            raise UsageError(f"no such file: {path}")
    if args.by != "member_id" and args.survey is None:
        raise UsageError(f"--by {args.by} reads the members' {args.by} from --survey SURVEY")


def voices_json(loaded: Any, survey: Any, by: str, theme: str) -> dict[str, Any]:
    """The printed object: themes, the case-by-theme matrix and the load report."""
    from analysis.methods.voices import case_by_theme, theme_summary
    from analysis.outputs.empowerment import clean

    themes = theme_summary(loaded)
    cases = case_by_theme(loaded, by, survey=survey, theme=theme)  # type: ignore[arg-type]
    return clean(
        {
            "themes": themes.astype(object).where(themes.notna(), None).to_dict("records"),
            "case_by": by,
            "theme_level": theme,
            "case_by_theme": cases.astype(object).where(cases.notna(), None).to_dict("records"),
            "report": loaded.report.to_dict(),
        }
    )


def run(args: argparse.Namespace) -> int:
    """Print the themes of ``args.excerpts``; see the module doc for exit codes."""
    from analysis.ingest.voices import load_voices

    lang: Lang = args.lang or "en"
    try:
        _check_usage(args)
    except UsageError as exc:
        return usage_error(exc)
    survey = None
    if args.survey:
        survey = load_or_say(args.survey, {}, {}, lang)
        if survey is None:
            return 1
    loaded = load_voices(args.excerpts, args.codebook, survey)
    if not loaded.report.can_analyse:
        say_why_not(("excerpts", "kutipan"), args.excerpts, loaded.report, lang)
        return 1
    frame = None if survey is None else survey.data
    if frame is not None and args.by not in frame.columns and args.by != "member_id":
        say(
            f"the survey has no column {args.by}"
            if lang == "en"
            else f"survei tidak memiliki kolom {args.by}"
        )
        return 1
    write_out(as_json(voices_json(loaded, frame, args.by, args.theme)), args.out, lang)
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``voices`` subcommand to the parser's subcommands."""
    v = sub.add_parser("voices", help="read coded excerpts and print their themes (JSON)")
    v.add_argument("excerpts", help="coded excerpts CSV: respondent_id, wave/date, code, excerpt")
    v.add_argument("--codebook", metavar="FILE", help="codebook CSV: code, label, parent")
    v.add_argument("--survey", metavar="FILE", help="survey CSV, to check respondents and waves")
    v.add_argument(
        "--by",
        default="member_id",
        metavar="COLUMN",
        help="cases of the case-by-theme matrix: member_id (default) or a survey column such "
        "as cooperative_id (needs --survey)",
    )
    v.add_argument(
        "--theme",
        choices=["code", "parent"],
        default="code",
        help="count codes, or their parent themes",
    )
    v.add_argument("--format", choices=["json"], default="json", help="output format")
    v.add_argument("--lang", choices=["en", "id"], default="en", help="message language")
    v.add_argument("-o", "--out", help="write to this file instead of standard output")
