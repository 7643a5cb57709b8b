"""``python -m analysis validate``: read a survey (and a loans ledger) and print the load report.

The same loaders the dashboard uses; this module only turns arguments into calls and
reports into text or JSON. Exit codes: 0 the data can be analysed, 1 it cannot, 2 usage
error (a bad ``--map`` item, an unknown field, a missing file or mapping file).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from ._mapping import known_fields, read_mapping, read_options, split_mapping
from ._messages import Lang
from .loaders import Loaded, link_datasets, load_loans, load_survey


def _usage(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return 2


def _check_fields(mapping: dict[str, str], kind: str) -> str | None:
    names = known_fields(kind)  # type: ignore[arg-type]
    bad = [f for f in mapping if f not in names and not f.startswith("emp_")]
    if bad:
        return (
            f"unknown {kind} field(s) in the mapping: {', '.join(bad)}; "
            f"fields are {', '.join(names)} and emp_* items"
        )
    return None


def _loans_only(mapping: dict[str, str]) -> bool:
    """Whether every field named is a loans field and some are loans-only ones."""
    survey, loans = set(known_fields("survey")), set(known_fields("loans"))
    names = set(mapping)
    return bool(names) and names <= loans and bool(names - survey)


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
        mapping = read_mapping(args.map or (), args.mapping)
        styles, date_format = read_options(args.mapping) if args.mapping else ({}, None)
    except (ValueError, OSError) as exc:
        return _usage(str(exc))
    survey_map, loans_map = split_mapping(mapping)
    if _loans_only(survey_map) and not loans_map:
        # A loans mapping file (data/templates/mapping_loans_example.toml) given alone.
        survey_map, loans_map = {}, survey_map
    for m, kind in ((survey_map, "survey"), (loans_map, "loans")):
        problem = _check_fields(m, kind)
        if problem:
            return _usage(problem)
    for path in (args.survey, args.loans):
        if path is not None and not Path(path).is_file():
            return _usage(f"no such file: {path}")

    survey = load_survey(
        args.survey, survey_map or None, number_styles=styles, date_format=date_format
    )
    loans: Loaded | None = None
    if args.loans:
        loans = load_loans(
            args.loans, loans_map or None, number_styles=styles, date_format=date_format
        )
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
