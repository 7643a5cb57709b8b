"""Reading the inputs ``validate`` and ``report`` share: files, ``--map`` and ``--mapping``.

One reading of the mapping conventions for both commands: loans fields as ``loans.FIELD`` or
under a ``[loans]`` table, a mapping file naming only loans fields applying to ``--loans``.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from analysis.ingest.mapping import known_fields, read_mapping, read_options, split_mapping


class UsageError(ValueError):
    """The command line cannot be acted on (exit code 2)."""


@dataclass(frozen=True)
class CliInputs:
    """The mappings and reading options named on the command line."""

    survey_map: dict[str, str]
    loans_map: dict[str, str]
    options: dict[str, Any]  # number_styles and date_format, for either file


def read_cli_inputs(args: argparse.Namespace) -> CliInputs:
    """Mappings and options from ``args.map``/``args.mapping``, the files checked to exist.

    Raises
    ------
    UsageError
        A malformed ``--map`` item or mapping file, an unknown field, or a missing file.
    """
    try:
        mapping = read_mapping(args.map or (), args.mapping)
        styles, date_format = read_options(args.mapping) if args.mapping else ({}, None)
    except (ValueError, OSError) as exc:
        raise UsageError(str(exc)) from exc
    survey_map, loans_map = split_mapping(mapping)
    if _loans_only(survey_map) and not loans_map:
        # a loans mapping file (data/templates/mapping_loans_example.toml) given alone
        survey_map, loans_map = {}, survey_map
    for m, kind in ((survey_map, "survey"), (loans_map, "loans")):
        names = known_fields(kind)  # type: ignore[arg-type]
        bad = [f for f in m if f not in names and not f.startswith("emp_")]
        if bad:
            raise UsageError(
                f"unknown {kind} field(s) in the mapping: {', '.join(bad)}; fields are "
                f"{', '.join(names)} and emp_* items"
                + ("; name loans fields loans.FIELD" if kind == "survey" else "")
            )
    for path in (args.survey, getattr(args, "loans", None)):
        if path is not None and not Path(path).is_file():
            raise UsageError(f"no such file: {path}")
    return CliInputs(survey_map, loans_map, {"number_styles": styles, "date_format": date_format})


def usage_error(exc: UsageError) -> int:
    """Say what is wrong with the command line on standard error; exit code 2."""
    print(f"usage error: {exc}", file=sys.stderr)
    return 2


def _loans_only(mapping: dict[str, str]) -> bool:
    """Whether every field named is a loans field and some are loans-only ones."""
    survey, loans = set(known_fields("survey")), set(known_fields("loans"))
    names = set(mapping)
    return bool(names) and names <= loans and bool(names - survey)
