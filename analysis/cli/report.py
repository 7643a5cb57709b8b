"""``python -m analysis report``: load a survey (and loans), run every analysis, write JSON or
markdown.

The work is :func:`analysis.outputs.report.build_report` and :func:`analysis.outputs.report.report_markdown`;
this file reads the files and options, and turns problems into messages and exit codes:
0 the report was written, 1 the data cannot be analysed (the reasons printed, translated) or the
``--model`` asked for could not be estimated (the rest of the report is still written), 2 a
usage error (a malformed ``--map`` item, an unknown field, a missing file or mapping file), as
for ``validate``, whose mapping conventions it shares (loans fields as ``loans.FIELD`` or under a
``[loans]`` table of the mapping file).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from analysis.cli.inputs import UsageError, read_cli_inputs, say_why_not, usage_error
from analysis.messages import DataError, Lang

#: JSON output shorter than this many characters is indented for reading.
_INDENT_BELOW = 2_000_000


def _say(text: str) -> None:
    print(text, file=sys.stderr)


def _too_many_lost(kind: str, path: str, report: Any, lang: Lang) -> bool:
    """Whether more than LOSS_LIMIT of the rows lost a value (said on standard error)."""
    from analysis.ingest.loaders import LOSS_LIMIT

    n, share = report.rows_lost()
    if share <= LOSS_LIMIT:
        return False
    what = ("survey", "survei") if kind == "survey" else ("loans", "pinjaman")
    _say(
        f"the {what[0]} file {path}: {n:,} of {report.n_rows_read:,} rows ({share:.1%}) lost a "
        f"value that could not be read or was implausible, more than {LOSS_LIMIT:.0%}; the "
        "estimates would come from a different sample than the file's. See the rows with "
        "`python -m analysis validate`, fix them or set the unit or number style, or give "
        "--allow-dropped to analyse the rest."
        if lang == "en"
        else f"berkas {what[1]} {path}: {n:,} dari {report.n_rows_read:,} baris ({share:.1%}) "
        f"kehilangan nilai yang tidak terbaca atau tidak wajar, lebih dari {LOSS_LIMIT:.0%}; "
        "taksiran akan berasal dari sampel yang berbeda dari berkasnya. Lihat barisnya dengan "
        "`python -m analysis validate`, perbaiki atau tetapkan satuan atau gaya angka, atau "
        "berikan --allow-dropped untuk menganalisis sisanya."
    )
    return True


def _load(
    kind: str,
    path: str,
    mapping: dict[str, str],
    options: dict[str, Any],
    lang: Lang,
    allow_dropped: bool = True,
):
    """The loaded dataset, or ``None`` after printing why it cannot be analysed (or, unless
    ``allow_dropped``, why too many rows lost a value)."""
    from analysis.ingest.loaders import load_loans, load_survey

    loader = load_survey if kind == "survey" else load_loans
    loaded = loader(path, mapping or None, **options)
    report = loaded.report
    if report.can_analyse and not allow_dropped and _too_many_lost(kind, path, report, lang):
        return None
    if not report.can_analyse:
        what = ("survey", "survei") if kind == "survey" else ("loans", "pinjaman")
        say_why_not(what, path, report, lang)
        return None
    return loaded


def run(args: argparse.Namespace) -> int:
    """Write the report of ``args.survey`` (and ``args.loans``) as JSON or markdown.

    Returns
    -------
    0 when written; 1 when a file cannot be analysed (the load report's errors, or why the
    analysis cannot start, printed in ``--lang`` on standard error, no traceback); 2 when
    ``--map``/``--mapping`` are malformed or name an unknown field, or a file is missing.
    """
    from analysis.outputs.report import build_report, report_markdown

    lang: Lang = getattr(args, "lang", "en") or "en"
    try:
        inputs = read_cli_inputs(args)
    except UsageError as exc:
        return usage_error(exc)

    if getattr(args, "from_store", None):
        if args.survey or args.loans or args.map or args.mapping:
            return usage_error(UsageError("--from-store replaces SURVEY, --loans and mappings"))
        from analysis.store import open_evaluation

        try:
            saved = open_evaluation(args.store, args.from_store, args.version)
        except DataError as exc:
            _say(f"{'error' if lang == 'en' else 'galat'}: {exc.text(lang)}")
            return 1
        survey, loans = saved.survey, saved.loans
    elif not args.survey:
        return usage_error(UsageError("give a SURVEY file or --from-store NAME"))
    else:
        allow = bool(getattr(args, "allow_dropped", False))
        survey = _load("survey", args.survey, inputs.survey_map, inputs.options, lang, allow)
        if survey is None:
            return 1
        loans = None
        if args.loans:
            loans = _load("loans", args.loans, inputs.loans_map, inputs.loans_options, lang, allow)
            if loans is None:
                return 1
    cpi = None
    if args.cpi:
        from analysis.methods.prices import load_cpi

        cpi = load_cpi(args.cpi)  # ValueError/OSError -> exit 1 with the message (__main__)

    # Not given: DiD clustered by cooperative, regressions HC3 (issue 3's defaults). Given: both
    # clustered by it; "none": neither.
    if args.cluster is None:
        cluster, regression_cluster = "cooperative_id", None
    else:
        cluster = regression_cluster = None if args.cluster == "none" else args.cluster
    try:
        report = build_report(
            survey,
            loans,
            waves=tuple(args.waves) if args.waves else None,
            cluster=cluster,
            regression_cluster=regression_cluster,
            model=args.model,
            cpi=cpi,
            lang=lang,
        )
    except DataError as exc:
        _say(f"{'error' if lang == 'en' else 'galat'}: {exc.text(lang)}")
        return 1

    if args.format == "md":
        text = report_markdown(report, lang)
    else:
        # the C encoder runs only without indentation: indent small reports for people, keep
        # large ones compact (a 1,000,000-member report is tens of MB; indenting costs seconds)
        text = json.dumps(report, allow_nan=False, ensure_ascii=False, separators=(",", ":"))
        if len(text) < _INDENT_BELOW:
            text = json.dumps(report, allow_nan=False, ensure_ascii=False, indent=1)
        text += "\n"
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
        n = len(report["warnings"])
        _say(
            f"wrote {args.out} ({n} warnings)"
            if lang == "en"
            else f"menulis {args.out} ({n} peringatan)"
        )
    else:
        sys.stdout.buffer.write(text.encode("utf-8"))
        sys.stdout.flush()
    if args.model and not any(r["name"] == "custom" for r in report["regressions"] or []):
        # the model asked for is not in the report: the rest is written, the exit status says so
        for w in report["warnings"]:
            if w.startswith("regressions custom:"):
                _say(f"{'error' if lang == 'en' else 'galat'}: {w}")
        return 1
    return 0
