"""``python -m analysis validate``: read a survey (and a loans ledger) and print the load report.

The same loaders the dashboard uses; this module only turns arguments into calls and
reports into text or JSON. Exit codes: 0 the data can be analysed, 1 it cannot, 2 usage
error (a bad ``--map`` item, an unknown field, a missing file or mapping file).
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from analysis.cli.inputs import UsageError, read_cli_inputs, usage_error
from analysis.ingest.loaders import Loaded, link_datasets, load_loans, load_survey
from analysis.messages import Lang


def _link_lines(link: Any, lang: Lang) -> list[str]:
    lines = ["Linking survey and loans by member_id:" if lang == "en" else
             "Pencocokan survei dan pinjaman menurut member_id:"]  # fmt: skip
    for rec in link.itertuples(index=False):
        side = rec.side if lang == "en" else {"survey": "survei", "loans": "pinjaman"}[rec.side]
        tail = f"; e.g. {rec.unmatched_sample}" if rec.n_unmatched else ""
        if lang == "en":
            lines.append(
                f"  {side}: {rec.n_ids} ids, {rec.n_matched} matched, "
                f"{rec.n_unmatched} unmatched{tail}"
            )
        else:
            tail = tail.replace("e.g.", "mis.")
            lines.append(
                f"  {side}: {rec.n_ids} ID, {rec.n_matched} cocok, "
                f"{rec.n_unmatched} tidak cocok{tail}"
            )
    return lines


def run(args: argparse.Namespace) -> int:
    """Validate the files named in ``args``; print the report; return the exit code."""
    lang: Lang = getattr(args, "lang", "en") or "en"
    try:
        inputs = read_cli_inputs(args)
    except UsageError as exc:
        return usage_error(exc)
    survey = load_survey(args.survey, inputs.survey_map or None, **inputs.options)
    loans: Loaded | None = None
    if args.loans:
        loans = load_loans(args.loans, inputs.loans_map or None, **inputs.loans_options)
    link = None
    if loans is not None and survey.report.can_analyse and loans.report.can_analyse:
        link = link_datasets(survey.data, loans.data)
    ok = survey.report.can_analyse and (loans is None or loans.report.can_analyse)

    if getattr(args, "json", False):
        doc: dict[str, Any] = {"can_analyse": ok, "survey": survey.report.to_dict()}
        if loans is not None:
            doc["loans"] = loans.report.to_dict()
        if link is not None:
            doc["link"] = link.to_dict("records")
        print(json.dumps(doc, ensure_ascii=False, indent=2, default=str))
    else:
        lines = survey.report.summary_lines(lang)
        if loans is not None:
            lines += ["", *loans.report.summary_lines(lang)]
        if link is not None:
            lines += ["", *_link_lines(link, lang)]
        print("\n".join(lines))
    return 0 if ok else 1
